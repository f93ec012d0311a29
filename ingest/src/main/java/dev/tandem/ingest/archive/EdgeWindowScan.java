package dev.tandem.ingest.archive;

import dev.tandem.ingest.model.EdgeWindow;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;

/**
 * The edge windows of a list of archive files, one file open at a time, filtered to a time range.
 * Any failure to read a file surfaces as an {@link ArchiveReadException} naming it.
 */
public final class EdgeWindowScan implements Iterator<EdgeWindow>, Closeable {
    private final Iterator<Path> files;
    private final TimeRange range;
    private final EdgeWindowDecoder decoder = new EdgeWindowDecoder();
    private Path currentFile;
    private ParquetReader<GenericRecord> current;
    private EdgeWindow next;
    private long filesRead;

    EdgeWindowScan(List<Path> files, TimeRange range) {
        this.files = List.copyOf(files).iterator();
        this.range = range;
    }

    @Override
    public boolean hasNext() {
        while (next == null) {
            if (current == null && !openNextFile()) {
                return false;
            }
            GenericRecord record = readOne();
            if (record == null) {
                closeCurrent();
                continue;
            }
            EdgeWindow edge = convert(record);
            if (range.contains(edge.windowStart())) {
                next = edge;
            }
        }
        return true;
    }

    @Override
    public EdgeWindow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        EdgeWindow out = next;
        next = null;
        return out;
    }

    /** How many files were opened so far. */
    public long filesRead() {
        return filesRead;
    }

    @Override
    public void close() {
        closeCurrent();
    }

    private boolean openNextFile() {
        if (!files.hasNext()) {
            return false;
        }
        currentFile = files.next();
        try {
            current =
                    AvroParquetReader.<GenericRecord>builder(
                                    new LocalInputFile(currentFile),
                                    new PlainParquetConfiguration())
                            .withDataModel(GenericData.get())
                            .build();
        } catch (IOException | RuntimeException e) {
            throw new ArchiveReadException(currentFile, oneLine(e), e);
        }
        filesRead++;
        return true;
    }

    private GenericRecord readOne() {
        try {
            return current.read();
        } catch (IOException | RuntimeException e) {
            Path failed = currentFile;
            closeCurrent();
            throw new ArchiveReadException(failed, oneLine(e), e);
        }
    }

    private EdgeWindow convert(GenericRecord record) {
        try {
            return decoder.decode(record);
        } catch (RuntimeException e) {
            Path failed = currentFile;
            closeCurrent();
            throw new ArchiveReadException(failed, "not an edge window: " + oneLine(e), e);
        }
    }

    private void closeCurrent() {
        if (current != null) {
            try {
                current.close();
            } catch (IOException ignored) {
                // Reading is done; a failed close of a read-only file loses nothing.
            }
            current = null;
        }
    }

    private static String oneLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
