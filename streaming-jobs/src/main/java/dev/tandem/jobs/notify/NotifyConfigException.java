package dev.tandem.jobs.notify;

/**
 * A notify set-up the user can fix (an unreadable URL file, an unknown format): its message is one
 * line that names the problem and never contains a webhook URL.
 */
public final class NotifyConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NotifyConfigException(String message) {
        super(message);
    }

    public NotifyConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
