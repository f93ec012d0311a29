package dev.tandem.ingest.decode;

import java.time.Instant;

/**
 * Reads every timestamp form the inputs use: epoch seconds (Calico), epoch milliseconds
 * ({@code @timestamp}), fractional epoch seconds (Fluent Bit), and RFC 3339 with or without a
 * fraction, in UTC ({@code Z}) or with an offset (Envoy, CRI, Kubernetes).
 *
 * <p>RFC 3339 is parsed by hand: {@code Instant.parse} costs about a third of a whole access-log
 * decode (BUILD-NOTES.md), and every proxy line carries one.
 */
public final class Timestamps {
    /**
     * Epoch values above this are milliseconds, below it seconds. 10^11 s is the year 5138, 10^11
     * ms is March 1973; no input Tandem reads has seconds beyond the first or milliseconds before
     * the second.
     */
    private static final long MILLIS_THRESHOLD = 100_000_000_000L;

    private static final int[] DAYS_BEFORE_MONTH = {
        0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334
    };

    private Timestamps() {}

    /** An epoch number in seconds or milliseconds (told apart by magnitude). */
    public static Instant fromEpoch(long value) {
        if (Math.abs(value) >= MILLIS_THRESHOLD) {
            return Instant.ofEpochMilli(value);
        }
        return Instant.ofEpochSecond(value);
    }

    /** Fractional epoch seconds, as Fluent Bit writes them ({@code 1554141513.598656}). */
    public static Instant fromEpochSeconds(double seconds) {
        if (!Double.isFinite(seconds)) {
            throw new IllegalArgumentException("epoch seconds not finite: " + seconds);
        }
        long whole = (long) Math.floor(seconds);
        long nanos = Math.round((seconds - whole) * 1_000_000) * 1_000L;
        return Instant.ofEpochSecond(whole, nanos);
    }

    /**
     * Parses an RFC 3339 timestamp in {@code text[from, to)}: {@code 2022-09-08T12:51:05.656Z},
     * {@code 2022-07-22T12:24:12.325744791Z}, {@code 2019-04-03T09:29:00Z}, {@code
     * 2022-09-08T14:51:05+02:00}. A space may stand for the {@code T}.
     *
     * @throws IllegalArgumentException with a message naming the problem
     */
    public static Instant parseRfc3339(CharSequence text, int from, int to) {
        if (to - from < 20) {
            throw bad(text, from, to, "too short");
        }
        int year = digits(text, from, 4, from, to);
        expect(text, from + 4, '-', from, to);
        int month = digits(text, from + 5, 2, from, to);
        expect(text, from + 7, '-', from, to);
        int day = digits(text, from + 8, 2, from, to);
        char sep = text.charAt(from + 10);
        if (sep != 'T' && sep != 't' && sep != ' ') {
            throw bad(text, from, to, "expected 'T' between date and time");
        }
        int hour = digits(text, from + 11, 2, from, to);
        expect(text, from + 13, ':', from, to);
        int minute = digits(text, from + 14, 2, from, to);
        expect(text, from + 16, ':', from, to);
        int second = digits(text, from + 17, 2, from, to);
        if (month < 1
                || month > 12
                || day < 1
                || day > 31
                || hour > 23
                || minute > 59
                || second > 60) {
            throw bad(text, from, to, "field out of range");
        }
        if (day > daysInMonth(year, month)) {
            throw bad(text, from, to, "no such day in that month");
        }
        int i = from + 19;
        long nanos = 0;
        if (i < to && text.charAt(i) == '.') {
            i++;
            int start = i;
            while (i < to && isDigit(text.charAt(i))) {
                if (i - start < 9) {
                    nanos = nanos * 10 + (text.charAt(i) - '0');
                }
                i++;
            }
            int count = i - start;
            if (count == 0) {
                throw bad(text, from, to, "empty fraction");
            }
            for (int n = count; n < 9; n++) {
                nanos *= 10;
            }
        }
        if (i >= to) {
            throw bad(text, from, to, "missing zone ('Z' or an offset)");
        }
        int offsetSeconds;
        char zone = text.charAt(i);
        if (zone == 'Z' || zone == 'z') {
            offsetSeconds = 0;
            i++;
        } else if (zone == '+' || zone == '-') {
            if (to - i < 6) {
                throw bad(text, from, to, "short zone offset");
            }
            int oh = digits(text, i + 1, 2, from, to);
            expect(text, i + 3, ':', from, to);
            int om = digits(text, i + 4, 2, from, to);
            offsetSeconds = (oh * 3600 + om * 60) * (zone == '-' ? -1 : 1);
            i += 6;
        } else {
            throw bad(text, from, to, "missing zone ('Z' or an offset)");
        }
        if (i != to) {
            throw bad(text, from, to, "trailing characters");
        }
        if (second == 60) {
            second = 59; // A leap second: Instant has none; the last second of the minute is close
            // enough.
        }
        long epochDay = epochDay(year, month, day);
        long epochSecond = epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds;
        return Instant.ofEpochSecond(epochSecond, nanos);
    }

    /** Parses a whole string as RFC 3339. */
    public static Instant parseRfc3339(String text) {
        return parseRfc3339(text, 0, text.length());
    }

    // Days since 1970-01-01 in the proleptic Gregorian calendar (as java.time.LocalDate does).
    private static long epochDay(int year, int month, int day) {
        boolean leap = isLeap(year);
        long y = year - 1;
        long days = 365 * y + y / 4 - y / 100 + y / 400; // days before Jan 1 of `year`, from year 1
        days += DAYS_BEFORE_MONTH[month - 1] + (leap && month > 2 ? 1 : 0) + day - 1;
        return days - 719_162; // days from 0001-01-01 to 1970-01-01
    }

    private static boolean isLeap(int year) {
        return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    }

    private static int daysInMonth(int year, int month) {
        switch (month) {
            case 2:
                return isLeap(year) ? 29 : 28;
            case 4:
            case 6:
            case 9:
            case 11:
                return 30;
            default:
                return 31;
        }
    }

    private static int digits(CharSequence text, int at, int count, int from, int to) {
        if (at + count > to) {
            throw bad(text, from, to, "too short");
        }
        int value = 0;
        for (int i = at; i < at + count; i++) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                throw bad(text, from, to, "expected a digit at position " + (i - from));
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static void expect(CharSequence text, int at, char wanted, int from, int to) {
        if (at >= to || text.charAt(at) != wanted) {
            throw bad(text, from, to, "expected '" + wanted + "' at position " + (at - from));
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static IllegalArgumentException bad(CharSequence text, int from, int to, String why) {
        int end = Math.min(to, from + 64);
        return new IllegalArgumentException(
                "not an RFC 3339 timestamp (" + why + "): " + text.subSequence(from, end));
    }
}
