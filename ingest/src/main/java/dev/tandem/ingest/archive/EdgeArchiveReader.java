package dev.tandem.ingest.archive;

import dev.tandem.ingest.model.EdgeWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Reads the edge archive written by the correlate job's Flink file sink or by {@link
 * EdgeArchiveWriter}. Only the hour partitions that overlap the requested range are listed, and
 * records stream out one file at a time, so memory does not grow with the archive.
 */
public final class EdgeArchiveReader {
    private final Path root;

    public EdgeArchiveReader(Path root) {
        this.root = Objects.requireNonNull(root, "root");
    }

    /**
     * The data files of the hour partitions overlapping {@code range}, sorted. Folders that are not
     * {@code day=}/{@code hour=} partitions and files that are hidden, metadata or in progress are
     * skipped.
     *
     * @throws IOException when the directory exists but cannot be listed
     */
    public ArchiveListing list(TimeRange range) throws IOException {
        if (!Files.exists(root)) {
            return new ArchiveListing(root, false, 0, List.of());
        }
        if (!Files.isDirectory(root)) {
            throw new IOException("edge archive " + root + " is not a directory");
        }
        List<Path> files = new ArrayList<>();
        int partitions = 0;
        for (Path dayDir : sortedChildren(root)) {
            Optional<LocalDate> day = EdgeArchiveLayout.parseDay(name(dayDir));
            if (day.isEmpty() || !Files.isDirectory(dayDir)) {
                continue;
            }
            for (Path hourDir : sortedChildren(dayDir)) {
                Optional<Integer> hour = EdgeArchiveLayout.parseHour(name(hourDir));
                if (hour.isEmpty() || !Files.isDirectory(hourDir)) {
                    continue;
                }
                Instant start = EdgeArchiveLayout.hourStart(day.get(), hour.get());
                if (!range.overlaps(start, start.plus(1, ChronoUnit.HOURS))) {
                    continue;
                }
                partitions++;
                for (Path file : sortedChildren(hourDir)) {
                    if (Files.isRegularFile(file) && EdgeArchiveLayout.isDataFile(name(file))) {
                        files.add(file);
                    }
                }
            }
        }
        return new ArchiveListing(root, true, partitions, files);
    }

    /**
     * Opens a scan over the edge windows whose start lies in {@code range}. Close it when done.
     *
     * @throws IOException when the directory exists but cannot be listed
     */
    public EdgeWindowScan scan(TimeRange range) throws IOException {
        return new EdgeWindowScan(list(range).files(), range);
    }

    /**
     * Hands every edge window of {@code range} to {@code sink}, file by file.
     *
     * @return how many were read
     * @throws ArchiveReadException naming the file when one cannot be read
     */
    public long forEach(TimeRange range, Consumer<EdgeWindow> sink) throws IOException {
        long count = 0;
        try (EdgeWindowScan scan = scan(range)) {
            while (scan.hasNext()) {
                sink.accept(scan.next());
                count++;
            }
        }
        return count;
    }

    private static List<Path> sortedChildren(Path dir) throws IOException {
        try (Stream<Path> children = Files.list(dir)) {
            return children.sorted().toList();
        }
    }

    private static String name(Path path) {
        return path.getFileName().toString();
    }
}
