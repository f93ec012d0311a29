package dev.tandem.ingest.kafka;

/** Kafka did not answer, or refused, a topic administration request. */
public final class TopicAdminException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TopicAdminException(String message, Throwable cause) {
        super(message, cause);
    }
}
