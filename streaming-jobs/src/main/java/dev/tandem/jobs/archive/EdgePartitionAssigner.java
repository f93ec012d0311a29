package dev.tandem.jobs.archive;

import dev.tandem.ingest.archive.EdgeArchiveLayout;
import dev.tandem.ingest.model.EdgeWindow;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.functions.sink.filesystem.BucketAssigner;
import org.apache.flink.streaming.api.functions.sink.filesystem.bucketassigners.SimpleVersionedStringSerializer;

/**
 * Puts each edge window in the archive partition of its window start, {@code
 * day=YYYY-MM-DD/hour=HH} in UTC: exactly {@link EdgeArchiveLayout#partitionOf}, which the archive
 * reader prunes by. Event time, not processing time, so a late or replayed window lands beside its
 * neighbours.
 */
public final class EdgePartitionAssigner implements BucketAssigner<EdgeWindow, String> {
    private static final long serialVersionUID = 1L;

    @Override
    public String getBucketId(EdgeWindow window, Context context) {
        return EdgeArchiveLayout.partitionOf(window.windowStart());
    }

    @Override
    public SimpleVersionedSerializer<String> getSerializer() {
        return SimpleVersionedStringSerializer.INSTANCE;
    }
}
