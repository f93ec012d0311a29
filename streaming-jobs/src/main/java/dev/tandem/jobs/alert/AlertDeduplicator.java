package dev.tandem.jobs.alert;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.jobs.correlate.serialization.ModelTypeInfo;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Raises one alert per edge and verdict, then stays quiet about that pair until the re-alert period
 * has passed: a bypass that goes on for hours is one message an hour, not one every five minutes.
 * Keyed by {@link AlertKeySelector}. Time is the windows' event time (their start), so a replay or
 * a backlog alerts exactly as live traffic would.
 *
 * <p>State per key: the start of the window last alerted. An event-time timer clears it once no
 * window can still be suppressed by it: at that start plus the re-alert period plus the lateness
 * (how long after its start a window can still arrive: window length plus slack). A pair that goes
 * quiet leaves nothing behind, and a pair alerted again moves its timer.
 */
public final class AlertDeduplicator extends KeyedProcessFunction<String, EdgeWindow, Alert> {
    private static final long serialVersionUID = 1L;

    /** Stable operator id, for savepoints. */
    public static final String UID = "alert-deduplicator";

    /** The type of its output, with the canonical records' Kryo setup. */
    public static final TypeInformation<Alert> OUTPUT_TYPE = new ModelTypeInfo<>(Alert.class);

    private final long realertMillis;
    private final long latenessMillis;
    private transient ValueState<Long> lastAlerted;

    /**
     * @param realert how long after an alert the same edge and verdict may alert again
     * @param lateness how long after its start a window can still reach this operator
     */
    public AlertDeduplicator(Duration realert, Duration lateness) {
        Objects.requireNonNull(realert, "realert");
        Objects.requireNonNull(lateness, "lateness");
        if (realert.isNegative() || realert.isZero()) {
            throw new IllegalArgumentException("re-alert period must be positive, was " + realert);
        }
        if (lateness.isNegative()) {
            throw new IllegalArgumentException("lateness must not be negative, was " + lateness);
        }
        this.realertMillis = realert.toMillis();
        this.latenessMillis = lateness.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        lastAlerted =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>("last-alerted-window", Types.LONG));
    }

    @Override
    public void processElement(EdgeWindow window, Context ctx, Collector<Alert> out)
            throws Exception {
        if (!window.verdict().isFinding()) {
            return;
        }
        long start = window.windowStart().toEpochMilli();
        Long last = lastAlerted.value();
        if (last != null && start < last + realertMillis) {
            return;
        }
        out.collect(Alert.of(window));
        if (last != null) {
            ctx.timerService().deleteEventTimeTimer(expiry(last));
        }
        lastAlerted.update(start);
        ctx.timerService().registerEventTimeTimer(expiry(start));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Long last = lastAlerted.value();
        if (last != null && expiry(last) <= timestamp) {
            lastAlerted.clear();
        }
    }

    private long expiry(long alertedStart) {
        return alertedStart + realertMillis + latenessMillis;
    }
}
