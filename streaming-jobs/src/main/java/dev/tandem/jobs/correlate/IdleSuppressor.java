package dev.tandem.jobs.correlate;

import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Passes the endpoint resolver's records and watermarks on to the edge windows, but never an idle
 * status: every resolver subtask always counts in the windows' watermark.
 *
 * <p>Why: a resolver subtask goes idle when all the logs pause (every evidence input idle, and the
 * inventory is idle for good), yet it may still hold evidence waiting for its inventory, to be
 * released when its watermark passes the evidence's time plus the slack. A downstream input that
 * sees one channel idle leaves it out of its watermark, and when that channel becomes active again
 * it counts only once its watermark has caught up. So when the logs resume with event time far
 * ahead, another resolver subtask forwards the new watermark first, the edge windows judge (or
 * never open) the waiting evidence's window, and the evidence this subtask releases a moment later
 * is late: its window is never judged.
 *
 * <p>Staying active costs no progress: every resolver subtask receives the same evidence watermarks
 * (they are broadcast to all of them) and the inventory adds none, so an idle resolver subtask only
 * ever means that all of them are idle, when event time cannot move anyway. Idleness still works
 * where it matters, upstream: an empty partition's input is left out of the resolver's own
 * watermark.
 */
final class IdleSuppressor<T> extends AbstractStreamOperator<T>
        implements OneInputStreamOperator<T, T> {
    private static final long serialVersionUID = 1L;

    /** Stable operator id (stateless, but savepoints map operators by it). */
    static final String UID = "resolver-stays-active";

    @Override
    public void processElement(StreamRecord<T> element) {
        output.collect(element);
    }

    /** Swallowed: downstream, this input stays active with its last watermark. */
    @Override
    public void processWatermarkStatus(WatermarkStatus status) {}
}
