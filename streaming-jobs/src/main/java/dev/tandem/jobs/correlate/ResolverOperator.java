package dev.tandem.jobs.correlate;

import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.model.PodRecord;
import java.util.List;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Runs the {@link EndpointResolver} in STREAMING mode as Flink's keyed broadcast operator does,
 * except that a subtask holding evidence for its inventory never tells the edge windows it is idle.
 *
 * <p>Why: a resolver subtask goes idle when all the logs pause (every evidence input idle; the
 * inventory is idle for good), and it may still hold evidence, to be released when its watermark
 * passes the evidence's time plus the slack. The edge windows leave an idle input out of their
 * watermark, and when it becomes active again count it only once its watermark has caught up. So
 * when the logs resumed with event time far ahead, another resolver subtask forwarded the new
 * watermark first, and the evidence this one released a moment later, on the same watermark, was
 * late: its window was never judged. Staying active while holding evidence keeps the windows'
 * watermark at this subtask's until it has released it.
 *
 * <p>A subtask that holds nothing still goes idle: then the windows move on with the highest
 * watermark their inputs reached (Flink's valve does that when all its inputs are idle), which the
 * resolver subtasks need not agree on, since each combines its many inputs in the order they
 * happened to arrive.
 */
final class ResolverOperator
        extends CoBroadcastWithKeyedOperator<Integer, Evidence, PodRecord, EdgeEvidence> {
    private static final long serialVersionUID = 1L;

    private boolean announcedIdle;

    ResolverOperator(EndpointResolver resolver) {
        super(resolver, List.of(EndpointResolver.PODS_BY_IP));
    }

    /** As Flink's, but the idle status goes out only while no evidence waits. */
    @Override
    protected void processWatermarkStatus(WatermarkStatus status, int index) throws Exception {
        if (combinedWatermark.updateStatus(index, status.isIdle())) {
            processWatermark(new Watermark(combinedWatermark.getCombinedWatermark()));
        }
        announce();
    }

    /**
     * Evidence can reach an idle subtask: an input that wakes up sends its first records before its
     * next watermark says it is active. Held here, it makes the subtask active again at once (at
     * the start of a job, when nothing has a watermark yet, that keeps the windows waiting).
     */
    @Override
    public void processElement1(StreamRecord<Evidence> element) throws Exception {
        super.processElement1(element);
        if (announcedIdle) {
            announce();
        }
    }

    private void announce() {
        boolean idle =
                combinedWatermark.isIdle() && !((EndpointResolver) userFunction).holdsEvidence();
        if (idle != announcedIdle) {
            announcedIdle = idle;
            output.emitWatermarkStatus(idle ? WatermarkStatus.IDLE : WatermarkStatus.ACTIVE);
        }
    }
}
