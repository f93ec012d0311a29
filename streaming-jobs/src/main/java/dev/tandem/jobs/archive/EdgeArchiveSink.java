package dev.tandem.jobs.archive;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.jobs.correlate.SinkBinding;
import java.util.Objects;
import org.apache.flink.connector.file.sink.FileSink;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.functions.sink.filesystem.OutputFileConfig;

/**
 * The Parquet edge archive as a sink of the correlate job's {@code edges} output (format and
 * layout: {@code docs/edge-archive.md}). Part files are {@code part-<uuid>-<n>.parquet} in {@code
 * day=/hour=} partitions; bulk formats roll on every checkpoint, so in streaming mode a file
 * becomes visible (loses its {@code .inprogress} name) when the checkpoint that covers it
 * completes, and in BATCH mode at the end of the input. Readers skip the in-progress files.
 */
public final class EdgeArchiveSink {
    /** Stable operator id, for savepoints. */
    public static final String UID = "edge-archive";

    private EdgeArchiveSink() {}

    /**
     * The Flink sink writing under {@code archiveUri} (a local path or any Flink file system URI).
     */
    public static FileSink<EdgeWindow> fileSink(String archiveUri) {
        Objects.requireNonNull(archiveUri, "archiveUri");
        return FileSink.forBulkFormat(new Path(archiveUri), new EdgeWindowParquetWriter())
                .withBucketAssigner(new EdgePartitionAssigner())
                .withOutputFileConfig(
                        OutputFileConfig.builder()
                                .withPartPrefix("part")
                                .withPartSuffix(".parquet")
                                .build())
                .build();
    }

    /** The archive as a binding for {@code CorrelateSinks.edges}. */
    public static SinkBinding<EdgeWindow> binding(String archiveUri) {
        return SinkBinding.of(fileSink(archiveUri), UID);
    }
}
