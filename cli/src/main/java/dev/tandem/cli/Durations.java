package dev.tandem.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;

/**
 * Reads durations as people write them on a command line: {@code 5m}, {@code 90s}, {@code PT5M}.
 */
final class Durations {
    private Durations() {}

    static Duration parse(String option, String text) {
        try {
            if (text.startsWith("P") || text.startsWith("p")) {
                return Duration.parse(text);
            }
            char unit = text.charAt(text.length() - 1);
            long amount = Long.parseLong(text.substring(0, text.length() - 1));
            switch (unit) {
                case 's':
                    return Duration.ofSeconds(amount);
                case 'm':
                    return Duration.ofMinutes(amount);
                case 'h':
                    return Duration.ofHours(amount);
                default:
                    break;
            }
        } catch (NumberFormatException | DateTimeParseException | IndexOutOfBoundsException e) {
            // Falls through to the one message below.
        }
        throw new UserError(
                "invalid value for "
                        + option
                        + ": '"
                        + text
                        + "' (expected e.g. 90s, 5m, 1h or PT5M)");
    }
}
