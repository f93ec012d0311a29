package dev.tandem.jobs.correlate;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.Verdict;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Builds edge windows, keyed by edge, in event time: accumulates the kernel and proxy evidence of
 * each window (aligned to the epoch in steps of the window length, as Calico's flush intervals
 * are), and when the watermark passes the window's end plus the slack, asks {@link VerdictJudge}
 * and emits the {@link EdgeWindow}.
 *
 * <p>Evidence lands in the window of its own time: a flow in its interval's, a proxy line in the
 * window of its request's start, so that the many requests of one keep-alive connection spread over
 * the windows they were made in. A window whose kernel traffic has its proxy lines only in a
 * neighbour (the connection's requests started before the boundary, or it is a long TCP connection
 * logged once) is judged with both neighbours: that is why a fired window is kept one window
 * longer, until the next one has fired.
 *
 * <p>State is a map from window start to its accumulator, at most three live windows per edge in
 * order (previous kept for the neighbour rule, current, next within slack). Timers clear it: a
 * window is removed when its successor's firing time passes, so an edge that goes quiet leaves
 * nothing behind. Evidence for a window whose firing time has passed goes to {@link #LATE}.
 *
 * <p>A window of a long connection, which Envoy logs only when it ends, is held past its firing
 * time instead, while the connection stays open ({@link OpenConnectionHold}); evidence for it still
 * counts, and the edge then keeps at most {@code maxHold / window + 3} windows.
 */
public final class EdgeWindowBuilder extends KeyedProcessFunction<String, EdgeEvidence, EdgeWindow>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    /** Stable operator id, for savepoints. */
    public static final String UID = "edge-window-builder";

    /** Evidence that came after its window was judged. */
    public static final OutputTag<EdgeEvidence> LATE =
            new OutputTag<>("late-evidence", ModelTypes.EDGE_EVIDENCE) {};

    private final long windowMillis;
    private final long slackMillis;
    private final OpenConnectionHold hold;
    private transient MapState<Long, WindowAccumulator> windows;
    private transient HeldCount openEdges;
    private transient HeldCount openWindows;
    private transient EnumCounters<Verdict> verdicts;

    public EdgeWindowBuilder(CorrelateSettings settings) {
        this.windowMillis = settings.window().toMillis();
        this.slackMillis = settings.slack().toMillis();
        this.hold = new OpenConnectionHold(settings);
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        openEdges = HeldCount.restore(context, "open-edges-count");
        openWindows = HeldCount.restore(context, "open-windows-count");
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        openEdges.snapshot();
        openWindows.snapshot();
    }

    @Override
    public void open(OpenContext openContext) {
        windows =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "edge-windows",
                                        BasicTypeInfo.LONG_TYPE_INFO,
                                        ModelTypes.WINDOW_ACCUMULATOR));
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        verdicts =
                EnumCounters.register(
                        metrics, Verdict.class, TandemMetrics.VERDICT, TandemMetrics.VERDICTS);
        MetricGroup tandem = TandemMetrics.group(metrics);
        tandem.gauge(TandemMetrics.OPEN_EDGES, (Gauge<Long>) openEdges::value);
        tandem.gauge(TandemMetrics.OPEN_WINDOWS, (Gauge<Long>) openWindows::value);
    }

    /**
     * Adds each piece of evidence (a batch's in order) to its window. Consecutive pieces of one
     * window share one lookup of its state: nothing between them can fire it.
     */
    @Override
    public void processElement(EdgeEvidence evidence, Context ctx, Collector<EdgeWindow> out)
            throws Exception {
        long watermark = ctx.timerService().currentWatermark();
        long openStart = 0;
        WindowAccumulator open = null;
        for (EdgeEvidence piece : evidence.pieces()) {
            long start = windowStart(piece.eventTime().toEpochMilli());
            if (open != null && start == openStart) {
                open.add(piece);
                continue;
            }
            if (open != null) {
                windows.put(openStart, open);
            }
            open = window(piece, start, watermark, ctx);
            openStart = start;
        }
        if (open != null) {
            windows.put(openStart, open);
        }
    }

    /**
     * The window the piece was added to, or null when it was late (sent to {@link #LATE}); the
     * caller puts the window back into state.
     */
    private WindowAccumulator window(EdgeEvidence evidence, long start, long watermark, Context ctx)
            throws Exception {
        long fireAt = fireTime(start);
        WindowAccumulator window = windows.get(start);
        // A window still there past its firing time is held (OpenConnectionHold): not late.
        if (window == null ? fireAt <= watermark : window.fired()) {
            ctx.output(LATE, evidence);
            return null;
        }
        if (window != null && fireAt <= watermark) {
            // Perhaps the line the held window waits for: look again at the next watermark.
            ctx.timerService().registerEventTimeTimer(watermark + 1);
        }
        if (window == null) {
            if (windows.isEmpty()) {
                openEdges.add(1);
            }
            openWindows.add(1);
            window = new WindowAccumulator();
            ctx.timerService().registerEventTimeTimer(fireAt);
        }
        window.add(evidence);
        return window;
    }

    /**
     * Judges every window due by the watermark, oldest first (unless {@link OpenConnectionHold}
     * holds it), and removes windows whose successor has been judged and that no held connection
     * needs. At the end of the input (watermark at its maximum, which is how BATCH mode fires
     * timers) nothing can follow: everything is judged and the key's state dropped at once.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EdgeWindow> out)
            throws Exception {
        long now = Math.max(timestamp, ctx.timerService().currentWatermark());
        boolean endOfInput = now == Long.MAX_VALUE;
        TreeMap<Long, WindowAccumulator> edge = new TreeMap<>();
        for (Map.Entry<Long, WindowAccumulator> entry : windows.entries()) {
            edge.put(entry.getKey(), entry.getValue());
        }
        for (Map.Entry<Long, WindowAccumulator> entry : edge.entrySet()) {
            long start = entry.getKey();
            WindowAccumulator window = entry.getValue();
            if (!window.fired() && fireTime(start) <= now) {
                Judgement judgement = hold.decide(edge, start, now, endOfInput);
                if (judgement == null) {
                    if (!window.wasHeld()) {
                        window.markHeld();
                        windows.put(start, window);
                    }
                    ctx.timerService().registerEventTimeTimer(hold.recheckTime(edge, start));
                    continue;
                }
                EdgeWindow judged = emitted(start, window, judgement);
                verdicts.inc(judged.verdict());
                out.collect(judged);
                window.markFired();
                windows.put(start, window);
                if (!endOfInput) {
                    // Kept until the next window has fired, which may need it as its neighbour.
                    ctx.timerService().registerEventTimeTimer(removalTime(start));
                }
            }
        }
        for (Map.Entry<Long, WindowAccumulator> entry : edge.entrySet()) {
            long start = entry.getKey();
            if (entry.getValue().fired()
                    && (endOfInput
                            || (removalTime(start) <= now && hold.mayDrop(edge, start, now)))) {
                windows.remove(start);
                openWindows.add(-1);
            }
        }
        if (!edge.isEmpty() && windows.isEmpty()) {
            openEdges.add(-1);
        }
    }

    private EdgeWindow emitted(long start, WindowAccumulator window, Judgement judgement) {
        int port = window.port();
        return new EdgeWindow(
                window.source(),
                window.destination(),
                port,
                window.protocol(),
                Instant.ofEpochMilli(start),
                Instant.ofEpochMilli(start + windowMillis),
                window.kernel(),
                window.proxy(),
                judgement.verdict(),
                judgement.confidence(),
                judgement.reason());
    }

    private long windowStart(long eventMillis) {
        return Math.floorDiv(eventMillis, windowMillis) * windowMillis;
    }

    private long fireTime(long start) {
        return start + windowMillis + slackMillis;
    }

    private long removalTime(long start) {
        return fireTime(start) + windowMillis;
    }
}
