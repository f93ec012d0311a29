package dev.tandem.scenario;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What to generate: the same spec always gives byte-identical files.
 *
 * @param seed the random seed: request times, sizes, pod names and IPs all follow from it
 * @param scale how many copies of Bookinfo run side by side ({@code bookinfo}, {@code bookinfo-2},
 *     ...), each with its own pods, gateway replica and traffic: pods, requests, log lines and
 *     edges all grow linearly with it
 * @param hours how long the traffic runs, in whole hours of 5-minute flow-log intervals
 * @param start when the traffic starts; on a 5-minute boundary, as Calico's flush intervals are
 */
public record ScenarioSpec(long seed, int scale, int hours, Instant start) {
    /** Calico's default flow-log flush interval, and the correlate job's default window. */
    public static final Duration INTERVAL = Duration.ofMinutes(5);

    /** Bounds that keep a mistyped flag from filling the disk: 1000 copies, one week. */
    public static final int MAX_SCALE = 1000;

    public static final int MAX_HOURS = 24 * 7;

    public static final long DEFAULT_SEED = 7;
    public static final Instant DEFAULT_START = Instant.parse("2026-11-20T08:00:00Z");

    public ScenarioSpec {
        Objects.requireNonNull(start, "start");
        if (scale < 1 || scale > MAX_SCALE) {
            throw new IllegalArgumentException(
                    "scale must be between 1 and " + MAX_SCALE + ", was " + scale);
        }
        if (hours < 1 || hours > MAX_HOURS) {
            throw new IllegalArgumentException(
                    "hours must be between 1 and " + MAX_HOURS + ", was " + hours);
        }
        if (start.toEpochMilli() % INTERVAL.toMillis() != 0) {
            throw new IllegalArgumentException(
                    "start must be on a 5-minute boundary (as Calico's flush intervals are), was "
                            + start);
        }
    }

    /** Seed 7, one Bookinfo, three hours from 2026-11-20T08:00:00Z. */
    public static ScenarioSpec defaults() {
        return new ScenarioSpec(DEFAULT_SEED, 1, 3, DEFAULT_START);
    }

    public ScenarioSpec withSeed(long value) {
        return new ScenarioSpec(value, scale, hours, start);
    }

    public ScenarioSpec withScale(int value) {
        return new ScenarioSpec(seed, value, hours, start);
    }

    public ScenarioSpec withHours(int value) {
        return new ScenarioSpec(seed, scale, value, start);
    }

    public ScenarioSpec withStart(Instant value) {
        return new ScenarioSpec(seed, scale, hours, value);
    }

    /** How many flow-log intervals the traffic spans. */
    public int intervals() {
        return (int) (Duration.ofHours(hours).toMillis() / INTERVAL.toMillis());
    }

    /** The end of the traffic. */
    public Instant end() {
        return start.plus(Duration.ofHours(hours));
    }
}
