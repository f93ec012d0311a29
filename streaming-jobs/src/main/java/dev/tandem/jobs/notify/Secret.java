package dev.tandem.jobs.notify;

import java.util.Objects;

/**
 * A webhook URL: whoever holds it can post to the channel, so it never shows in {@link
 * #toString()}, logs or error messages. Only this package reads the value, to send a request.
 */
public final class Secret {
    private static final String MASK = "<secret>";
    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    /** Wraps {@code value}; the caller drops its own copy. */
    public static Secret of(String value) {
        Objects.requireNonNull(value, "value");
        return new Secret(value);
    }

    String reveal() {
        return value;
    }

    /**
     * {@code text} with every occurrence of this secret masked; for messages that quote a library's
     * error, which may repeat the URL.
     */
    public String redact(String text) {
        if (text == null || value.isEmpty()) {
            return text;
        }
        return text.replace(value, MASK);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret && value.equals(((Secret) other).value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return MASK;
    }
}
