package dev.tandem.cli;

import dev.tandem.ingest.text.DurationText;
import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Reads a positive lookback, {@code 7d}, {@code 12h}, {@code 30m}, {@code 90s} or ISO-8601 ({@code
 * P7D}, {@code PT12H}): {@link DurationText}, the parser of every other duration option, in any
 * case.
 */
final class LookbackDuration implements ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
        Duration duration;
        try {
            duration = DurationText.parse(value.trim().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new TypeConversionException("the lookback must be positive, was '" + value + "'");
        }
        return duration;
    }
}
