package dev.tandem.jobs.notify;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Reads HTTP's {@code Retry-After}: delay seconds or an HTTP date (RFC 9110, section 10.2.3). */
final class RetryAfter {
    private RetryAfter() {}

    /**
     * The wait {@code header} asks for at {@code now}, or null when it is absent or unreadable (the
     * caller then uses its own backoff). A date in the past means no wait.
     */
    static Duration parse(String header, Instant now) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String value = header.strip();
        try {
            long seconds = Long.parseLong(value);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException e) {
            // Not delay seconds: try the date form below.
        }
        try {
            Instant at =
                    ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            Duration wait = Duration.between(now, at);
            return wait.isNegative() ? Duration.ZERO : wait;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
