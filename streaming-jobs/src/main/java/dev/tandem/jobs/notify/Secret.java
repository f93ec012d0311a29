package dev.tandem.jobs.notify;

import java.net.URI;
import java.net.URISyntaxException;
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
     * {@code text} with this secret masked, and with its path and query masked on their own too: a
     * library's error or a server's answer may quote the URL, or just the part after the host,
     * which is where a webhook keeps its token.
     */
    public String redact(String text) {
        if (text == null || value.isEmpty()) {
            return text;
        }
        String safe = text.replace(value, MASK);
        try {
            URI uri = new URI(value);
            for (String part : new String[] {uri.getRawQuery(), uri.getRawPath()}) {
                if (part != null && part.length() > 1) {
                    safe = safe.replace(part, MASK);
                }
            }
        } catch (URISyntaxException e) {
            // Not a URL: the whole value is all there is to mask.
        }
        return safe;
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
