package dev.tandem.jobs.notify;

/**
 * {@link ChatPoster} could not deliver a message: the webhook refused it, or kept failing until the
 * attempts ran out. The message names the destination and the answer, never the URL.
 */
public final class ChatDeliveryException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;

    ChatDeliveryException(String message, int status) {
        super(message);
        this.status = status;
    }

    /** The HTTP status of the last answer, or -1 when there was none (timeout, no connection). */
    public int status() {
        return status;
    }
}
