package dev.tandem.ingest.archive;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Where edge windows live in the archive: {@code ROOT/day=YYYY-MM-DD/hour=HH/FILE}, from the
 * window's start in UTC. The Hive-style {@code key=value} folders let DuckDB, Spark and Trino prune
 * partitions too. The correlate job's Flink bucket assigner must produce exactly {@link
 * #partitionOf}.
 */
public final class EdgeArchiveLayout {
    /** The suffix of the files Tandem's own writer creates. */
    public static final String FILE_SUFFIX = ".parquet";

    private static final String DAY = "day=";
    private static final String HOUR = "hour=";

    private EdgeArchiveLayout() {}

    /**
     * The partition of a window starting at {@code windowStart}, e.g. {@code
     * day=2026-11-20/hour=10}.
     */
    public static String partitionOf(Instant windowStart) {
        ZonedDateTime utc = windowStart.atZone(ZoneOffset.UTC);
        return DAY + utc.toLocalDate() + "/" + HOUR + String.format("%02d", utc.getHour());
    }

    /**
     * The name of a file written by {@link EdgeArchiveWriter}: {@code
     * edges-WRITER-SEQUENCE.parquet}. It differs from Flink's {@code part-*} names, so both writers
     * can share a partition.
     */
    public static String fileName(String writerId, int sequence) {
        if (writerId.isEmpty() || !writerId.matches("[A-Za-z0-9_-]+")) {
            throw new IllegalArgumentException(
                    "writer id must be letters, digits, '-' or '_': '" + writerId + "'");
        }
        return "edges-" + writerId + "-" + String.format("%05d", sequence) + FILE_SUFFIX;
    }

    /** The day of a {@code day=YYYY-MM-DD} folder name, if it is one. */
    public static Optional<LocalDate> parseDay(String folderName) {
        if (!folderName.startsWith(DAY)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(folderName.substring(DAY.length())));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /** The hour of an {@code hour=HH} folder name, if it is one. */
    public static Optional<Integer> parseHour(String folderName) {
        if (!folderName.startsWith(HOUR) || folderName.length() != HOUR.length() + 2) {
            return Optional.empty();
        }
        try {
            int hour = Integer.parseInt(folderName.substring(HOUR.length()));
            return hour >= 0 && hour < 24 ? Optional.of(hour) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The first instant of the hour partition {@code (day, hour)}. */
    public static Instant hourStart(LocalDate day, int hour) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant().plus(hour, ChronoUnit.HOURS);
    }

    /**
     * True for a file that holds finished data: not hidden ({@code .}), not metadata ({@code _},
     * e.g. {@code _SUCCESS}), not in progress (Flink's {@code .part-*.inprogress.*}), not a
     * checksum.
     */
    public static boolean isDataFile(String fileName) {
        return !fileName.startsWith(".")
                && !fileName.startsWith("_")
                && !fileName.contains(".inprogress")
                && !fileName.endsWith(".crc")
                && !fileName.endsWith(".tmp");
    }
}
