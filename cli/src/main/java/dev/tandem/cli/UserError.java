package dev.tandem.cli;

/**
 * A problem the user can fix (a missing file, an unreadable input): reported as one line on stderr
 * with exit status 2, never as a stack trace.
 */
final class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UserError(String message) {
        super(message);
    }

    UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
