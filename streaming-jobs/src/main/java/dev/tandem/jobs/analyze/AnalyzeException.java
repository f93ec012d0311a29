package dev.tandem.jobs.analyze;

/**
 * A problem with a file the user named that the user can fix: an input that cannot be read as what
 * it was given as, or an output folder that cannot be written. The message is one line naming the
 * path and the cause, ready to print as it is; anything else that fails is a bug.
 */
public final class AnalyzeException extends Exception {
    private static final long serialVersionUID = 1L;

    AnalyzeException(String message) {
        super(message);
    }

    AnalyzeException(String message, Throwable cause) {
        super(message, cause);
    }
}
