package dev.tandem.recommender;

/** An input the user can fix: a missing archive, a corrupt file, an unreadable inventory. */
public final class RecommendInputException extends Exception {
    private static final long serialVersionUID = 1L;

    public RecommendInputException(String message) {
        super(message);
    }

    public RecommendInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
