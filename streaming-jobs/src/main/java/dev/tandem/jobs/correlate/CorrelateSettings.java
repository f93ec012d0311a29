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
 */
public record CorrelateSettings(
        Duration window, Duration slack, Duration outOfOrderness, Duration idleness)
        implements Serializable {
    public CorrelateSettings {
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(slack, "slack");
        Objects.requireNonNull(outOfOrderness, "outOfOrderness");
        Objects.requireNonNull(idleness, "idleness");
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

    /** 5-minute windows, 2 minutes of slack, 1 minute out of order, idle after 1 minute. */
    public static CorrelateSettings defaults() {
        return new CorrelateSettings(
                Duration.ofMinutes(5),
                Duration.ofMinutes(2),
                Duration.ofMinutes(1),
                Duration.ofMinutes(1));
    }
}
