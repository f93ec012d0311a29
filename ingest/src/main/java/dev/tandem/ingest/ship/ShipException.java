package dev.tandem.ingest.ship;

/** Shipping cannot go on: Kafka refused records for good, or an input failed to read. */
public final class ShipException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ShipException(String message, Throwable cause) {
        super(message, cause);
    }
}
