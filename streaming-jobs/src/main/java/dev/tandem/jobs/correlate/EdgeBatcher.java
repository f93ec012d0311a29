package dev.tandem.jobs.correlate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;

/**
 * Chained to the {@link EndpointResolver}: gathers the resolved evidence of each edge and window
 * until the next watermark, and sends each group across the {@code keyBy(edge)} as one record
 * ({@link EdgeEvidence#batch}). A record per line was most of the cost of that hop: both endpoints
 * with their labels written and read, the edge's key built on both sides, the window's state looked
 * up, for each of the ~5 lines of an edge window.
 *
 * <p>It changes nothing the {@link EdgeWindowBuilder} decides, because every piece still reaches it
 * before the watermark it would have arrived with, and in order:
 *
 * <ul>
 *   <li>Only evidence whose window is not due yet (its end plus the slack is past the current
 *       watermark) waits here; the window builder, whose watermark is never ahead of this
 *       operator's, adds such evidence to its window and nothing else (no window due can be late or
 *       held). Evidence for a due window (late, or for a held window) goes on at once, alone.
 *   <li>Everything waiting goes out before a watermark does, so a window is never judged without
 *       it; before this subtask tells the windows it is idle (they would move on without it), and
 *       while it is idle nothing waits; before a checkpoint barrier (nothing is in this operator's
 *       state), and at the end of the input.
 *   <li>A window's pieces keep their order, and the pieces of a due window, sent alone, come after
 *       the ones that waited: they are sent when the watermark has passed the window, after the
 *       group was.
 * </ul>
 *
 * At most {@link #MAX_WAITING} pieces wait: beyond it everything goes out, so memory is bounded and
 * a source that falls far behind its watermark only makes smaller groups.
 */
final class EdgeBatcher extends AbstractStreamOperator<EdgeEvidence>
        implements OneInputStreamOperator<EdgeEvidence, EdgeEvidence> {
    private static final long serialVersionUID = 1L;

    /** Stable operator id. It keeps no state, but savepoints name every operator. */
    static final String UID = "edge-batcher";

    /** Pieces held at most (under {@code Wire.MAX_LIST}, the most a batch reads back). */
    static final int MAX_WAITING = 32_768;

    private final long windowMillis;
    private final long slackMillis;

    /** Groups in the order they opened, so that what goes out is deterministic. */
    private transient LinkedHashMap<GroupKey, Group> groups;

    private transient int waiting;
    private transient long watermark;
    private transient boolean idle;
    private transient StreamRecord<EdgeEvidence> reuse;

    EdgeBatcher(CorrelateSettings settings) {
        this.windowMillis = settings.window().toMillis();
        this.slackMillis = settings.slack().toMillis();
    }

    @Override
    public void open() throws Exception {
        super.open();
        groups = new LinkedHashMap<>();
        watermark = Long.MIN_VALUE;
        reuse = new StreamRecord<>(null);
    }

    @Override
    public void processElement(StreamRecord<EdgeEvidence> element) throws Exception {
        EdgeEvidence evidence = element.getValue();
        long start =
                Math.floorDiv(evidence.eventTime().toEpochMilli(), windowMillis) * windowMillis;
        if (idle || evidence.batch() != null || start + windowMillis + slackMillis <= watermark) {
            output.collect(element);
            return;
        }
        GroupKey key =
                new GroupKey(evidence, start, 31 * EdgeKey.hash(evidence) + Long.hashCode(start));
        Group group = groups.get(key);
        if (group == null) {
            group = new Group(element.hasTimestamp() ? element.getTimestamp() : Long.MIN_VALUE);
            groups.put(key, group);
        }
        group.pieces.add(evidence);
        waiting++;
        if (waiting >= MAX_WAITING) {
            flush();
        }
    }

    @Override
    public void processWatermark(Watermark mark) throws Exception {
        flush();
        watermark = mark.getTimestamp();
        super.processWatermark(mark);
    }

    @Override
    public void processWatermarkStatus(WatermarkStatus status) throws Exception {
        if (status.isIdle()) {
            flush();
        }
        idle = status.isIdle();
        super.processWatermarkStatus(status);
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        flush();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        flush();
        super.finish();
    }

    /** Sends every group, in the order they opened: one piece alone, several as a batch. */
    private void flush() {
        if (waiting == 0) {
            return;
        }
        for (Group group : groups.values()) {
            EdgeEvidence out =
                    group.pieces.size() == 1
                            ? group.pieces.get(0)
                            : EdgeEvidence.batch(group.pieces);
            if (group.timestamp == Long.MIN_VALUE) {
                reuse.replace(out);
                reuse.eraseTimestamp();
            } else {
                reuse.replace(out, group.timestamp);
            }
            output.collect(reuse);
        }
        groups.clear();
        waiting = 0;
    }

    /**
     * An edge and window, compared as the window builder's key ({@link EdgeKey}) without building
     * it for every piece: by the key's hash code and then field by field.
     */
    private static final class GroupKey {
        final EdgeEvidence evidence;
        final long start;
        final int hash;

        GroupKey(EdgeEvidence evidence, long start, int hash) {
            this.evidence = evidence;
            this.start = start;
            this.hash = hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof GroupKey that
                    && that.hash == hash
                    && that.start == start
                    && EdgeKey.same(that.evidence, evidence);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** A window's pieces so far, and the first one's timestamp (the batch travels with it). */
    private static final class Group {
        final long timestamp;
        final List<EdgeEvidence> pieces = new ArrayList<>(8);

        Group(long timestamp) {
            this.timestamp = timestamp;
        }
    }
}
