package dev.tandem.jobs.correlate;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How the correlate job cuts time.
 *
 * @param window the edge-window length, aligned to the flow-log flush interval (Calico's default is
 *     5 minutes)
 * @param slack how long after a window ends its verdict waits for late proxy lines and flow records
 * @param outOfOrderness how far out of order each source may deliver records
 * @param idleness after how long without records a source stops holding the watermark back
 * @param maxHold the longest a window whose kernel traffic is only connections still open waits,
 *     past its slack, for the proxy lines Envoy writes when such a connection ends (see {@link
 *     OpenConnectionHold}). The alert-latency trade-off: a bypass over a connection that stays open
 *     is alerted when the connection closes, or this long after the window's slack at the latest; a
 *     mediated connection that lives longer than this is judged a bypass. Zero turns holding off.
 */
public record CorrelateSettings(
        Duration window,
        Duration slack,
        Duration outOfOrderness,
        Duration idleness,
        Duration maxHold)
        implements Serializable {
    /**
     * The default maximum hold, {@link #defaults()}'s: a 30-minute gRPC stream is never alerted.
     */
    public static final Duration DEFAULT_MAX_HOLD = Duration.ofMinutes(30);

    public CorrelateSettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(slack, "slack");
        Objects.requireNonNull(outOfOrderness, "outOfOrderness");
        Objects.requireNonNull(idleness, "idleness");
        Objects.requireNonNull(maxHold, "maxHold");
        if (maxHold.isNegative()) {
            throw new IllegalArgumentException("max hold must not be negative, was " + maxHold);
        }
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive, was " + window);
        }
        if (slack.isNegative() || outOfOrderness.isNegative()) {
            throw new IllegalArgumentException("slack and out-of-orderness must not be negative");
        }
        if (idleness.isNegative() || idleness.isZero()) {
            throw new IllegalArgumentException("idleness must be positive, was " + idleness);
        }
    }

    /** The given times, with the {@link #DEFAULT_MAX_HOLD default maximum hold}. */
    public CorrelateSettings(
            Duration window, Duration slack, Duration outOfOrderness, Duration idleness) {
        this(window, slack, outOfOrderness, idleness, DEFAULT_MAX_HOLD);
    }

    /**
     * 5-minute windows, 2 minutes of slack, 1 minute out of order, idle after 1 minute, open
     * connections held for at most 30 minutes.
     */
    public static CorrelateSettings defaults() {
        return new CorrelateSettings(
                Duration.ofMinutes(5),
                Duration.ofMinutes(2),
                Duration.ofMinutes(1),
                Duration.ofMinutes(1),
                DEFAULT_MAX_HOLD);
    }
}
