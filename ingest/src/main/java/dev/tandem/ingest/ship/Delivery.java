package dev.tandem.ingest.ship;

/** Told when Kafka acknowledged one published record, or refused it for good. */
interface Delivery {
    void acknowledged();

    /** Kafka refused the record with a non-retriable error; it was not stored. */
    void failed(Exception cause);
}
