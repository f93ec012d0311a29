package dev.tandem.inventory.watch;

/** The watcher could not start: the API refused or did not answer the first list. */
public final class WatchException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WatchException(String message, Throwable cause) {
        super(message, cause);
    }
}
