package dev.tandem.ingest.archive;

import java.time.Instant;
import java.util.Objects;

/**
 * A half-open range of event time {@code [since, until)} to read from the archive. An edge window
 * belongs to the range when its start does.
 *
 * @param since inclusive start
 * @param until exclusive end
 */
public record TimeRange(Instant since, Instant until) {
    private static final TimeRange ALL = new TimeRange(Instant.MIN, Instant.MAX);

    public TimeRange {
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(until, "until");
        if (until.isBefore(since)) {
            throw new IllegalArgumentException("until " + until + " is before since " + since);
        }
    }

    /** Every time there is. */
    public static TimeRange all() {
        return ALL;
    }

    /** True when {@code instant} lies in {@code [since, until)}. */
    public boolean contains(Instant instant) {
        return !instant.isBefore(since) && instant.isBefore(until);
    }

    /** True when {@code [start, end)} and this range share an instant. */
    public boolean overlaps(Instant start, Instant end) {
        return start.isBefore(until) && end.isAfter(since);
    }

    /** True for {@link #all()}. */
    public boolean isAll() {
        return equals(ALL);
    }
}
