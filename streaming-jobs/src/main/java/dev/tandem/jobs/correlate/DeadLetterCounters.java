package dev.tandem.jobs.correlate;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import org.apache.flink.metrics.MetricGroup;

/** Counts an operator's dead letters by reason ({@value TandemMetrics#DEAD_LETTERS}). */
public final class DeadLetterCounters {
    private final EnumCounters<DeadLetterReason> byReason;

    private DeadLetterCounters(EnumCounters<DeadLetterReason> byReason) {
        this.byReason = byReason;
    }

    /** A counter for every {@link DeadLetterReason} in the operator's metric group. */
    public static DeadLetterCounters register(MetricGroup operator) {
        return new DeadLetterCounters(
                EnumCounters.register(
                        operator,
                        DeadLetterReason.class,
                        TandemMetrics.REASON,
                        TandemMetrics.DEAD_LETTERS));
    }

    /**
     * Counts {@code letter} and returns it, for {@code ctx.output(TAG, counters.count(letter))}.
     */
    public DeadLetter count(DeadLetter letter) {
        byReason.inc(letter.reason());
        return letter;
    }
}
