package dev.tandem.cli;

import dev.tandem.ingest.text.DurationText;
import java.time.Duration;

/**
 * Duration options ({@code 5m}, {@code 90s}, {@code PT5M}): {@link DurationText} as user errors.
 */
final class Durations {
    private Durations() {}

    static Duration parse(String option, String text) {
        try {
            return DurationText.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserError(
                    "invalid value for "
                            + option
                            + ": '"
                            + text
                            + "' (expected e.g. "
                            + DurationText.EXAMPLES
                            + ")");
        }
    }
}
