package dev.tandem.cli;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads {@code 7d}, {@code 12h}, {@code 30m}, {@code 90s} or ISO-8601 ({@code P7D}, {@code PT12H}).
 */
final class LookbackDuration implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        String text = value.trim().toLowerCase(Locale.ROOT);
        Duration duration;
        try {
            if (text.startsWith("p")) {
                duration = Duration.parse(text.toUpperCase(Locale.ROOT));
            } else if (text.length() >= 2
                    && text.substring(0, text.length() - 1).chars().allMatch(Character::isDigit)) {
                long amount = Long.parseLong(text.substring(0, text.length() - 1));
                duration =
                        switch (text.charAt(text.length() - 1)) {
                            case 'd' -> Duration.ofDays(amount);
                            case 'h' -> Duration.ofHours(amount);
                            case 'm' -> Duration.ofMinutes(amount);
                            case 's' -> Duration.ofSeconds(amount);
                            default -> null;
                        };
            } else {
                duration = null;
            }
        } catch (DateTimeParseException | NumberFormatException | ArithmeticException e) {
            duration = null;
        }
        if (duration == null || duration.isNegative() || duration.isZero()) {
            throw new TypeConversionException(
                    "'" + value + "' is not a duration like 7d, 12h, 30m or P7D");
        }
        return duration;
    }
}
