package dev.tandem.ingest.text;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Durations as people write them in options and arguments: {@code 500ms}, {@code 90s}, {@code 5m},
 * {@code 1h}, {@code 7d}, ISO-8601 ({@code PT5M}), or a bare {@code 0}, which needs no unit. One
 * parser, so the CLI and the job jar accept the same values.
 */
public final class DurationText {
    /** What the error messages offer as examples. */
    public static final String EXAMPLES = "500ms, 90s, 5m, 1h, 7d or PT5M";

    private DurationText() {}

    /**
     * @throws IllegalArgumentException naming {@code text} and the accepted forms, when it is none
     *     of them
     */
    public static Duration parse(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        try {
            if (text.startsWith("P") || text.startsWith("p")) {
                return Duration.parse(text);
            }
            if (text.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
            }
            long amount = Long.parseLong(text.substring(0, text.length() - 1));
            switch (text.charAt(text.length() - 1)) {
                case 's':
                    return Duration.ofSeconds(amount);
                case 'm':
                    return Duration.ofMinutes(amount);
                case 'h':
                    return Duration.ofHours(amount);
                case 'd':
                    return Duration.ofDays(amount);
                default:
                    break;
            }
        } catch (NumberFormatException | DateTimeParseException | IndexOutOfBoundsException e) {
            // Falls through to the one message below.
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("'" + text + "' is too long a duration");
        }
        throw new IllegalArgumentException(
                "'" + text + "' is not a duration (expected e.g. " + EXAMPLES + ")");
    }
}
