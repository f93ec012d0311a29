package dev.tandem.ingest.kafka;

/**
 * Kafka cannot be used as a command needs it at start: it does not answer, refuses, or lacks
 * topics. The message names the address and what is wrong, for a user to act on.
 */
public final class KafkaStartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KafkaStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
