package dev.tandem.ingest.archive;

import dev.tandem.ingest.model.EdgeWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;

/**
 * Writes edge windows into a partitioned archive directory without Flink: for tests, the demo's
 * fixtures and offline tools. Each call to {@link #write} creates at most one new file per
 * partition it touches, never overwrites an existing file, and makes a file visible only when it is
 * complete (written under a hidden name, then renamed), so a concurrent reader never sees half a
 * file.
 */
public final class EdgeArchiveWriter {
    /**
     * Snappy: the Parquet default elsewhere, and snappy-java carries its own native code, so it
     * works on any machine without Hadoop's native libraries.
     */
    static final CompressionCodecName CODEC = CompressionCodecName.SNAPPY;

    private final Path root;
    private final String writerId;

    /**
     * @param root the archive directory; created when missing
     * @param writerId names this writer's files ({@code edges-WRITER-00000.parquet}); letters,
     *     digits, '-' and '_'
     */
    public EdgeArchiveWriter(Path root, String writerId) {
        this.root = Objects.requireNonNull(root, "root");
        this.writerId = Objects.requireNonNull(writerId, "writerId");
        EdgeArchiveLayout.fileName(writerId, 0);
    }

    /** Writes every edge window of {@code edges}; see {@link #write(Iterator)}. */
    public List<Path> write(Iterable<EdgeWindow> edges) throws IOException {
        return write(edges.iterator());
    }

    /**
     * Writes every edge window into the partition of its window start, keeping their order within a
     * file. Streams: only Parquet's row-group buffers are held, one per partition touched.
     *
     * @return the files created, sorted; empty when {@code edges} was
     */
    public List<Path> write(Iterator<EdgeWindow> edges) throws IOException {
        Map<String, OpenFile> open = new TreeMap<>();
        boolean complete = false;
        try {
            while (edges.hasNext()) {
                EdgeWindow edge = edges.next();
                String partition = EdgeArchiveLayout.partitionOf(edge.windowStart());
                OpenFile file = open.get(partition);
                if (file == null) {
                    file = OpenFile.create(root.resolve(partition), writerId);
                    open.put(partition, file);
                }
                file.writer.write(EdgeWindowAvro.toRecord(edge));
            }
            complete = true;
        } finally {
            if (!complete) {
                for (OpenFile file : open.values()) {
                    file.abandon();
                }
            }
        }
        List<Path> written = new ArrayList<>();
        for (OpenFile file : open.values()) {
            written.add(file.commit());
        }
        return written;
    }

    /** One file being written: a hidden temporary name until {@link #commit}. */
    private static final class OpenFile {
        final Path temporary;
        final Path target;
        final ParquetWriter<GenericRecord> writer;

        private OpenFile(Path temporary, Path target, ParquetWriter<GenericRecord> writer) {
            this.temporary = temporary;
            this.target = target;
            this.writer = writer;
        }

        static OpenFile create(Path directory, String writerId) throws IOException {
            Files.createDirectories(directory);
            Path target = freeName(directory, writerId);
            Path temporary = directory.resolve("." + target.getFileName() + ".inprogress");
            ParquetWriter<GenericRecord> writer =
                    AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(temporary))
                            .withSchema(EdgeWindowAvro.SCHEMA)
                            .withDataModel(GenericData.get())
                            .withConf(new PlainParquetConfiguration())
                            .withCompressionCodec(CODEC)
                            .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                            .build();
            return new OpenFile(temporary, target, writer);
        }

        private static Path freeName(Path directory, String writerId) {
            for (int sequence = 0; ; sequence++) {
                Path candidate = directory.resolve(EdgeArchiveLayout.fileName(writerId, sequence));
                if (!Files.exists(candidate)) {
                    return candidate;
                }
            }
        }

        Path commit() throws IOException {
            writer.close();
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE);
            return target;
        }

        void abandon() {
            try {
                writer.close();
            } catch (IOException | RuntimeException ignored) {
                // The write already failed; that failure is the one worth reporting.
            }
            try {
                Files.deleteIfExists(temporary);
            } catch (IOException ignored) {
                // A hidden leftover is skipped by every reader.
            }
        }
    }
}
