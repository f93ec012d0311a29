package dev.tandem.jobs.analyze;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Refuses, before reading, inputs that {@code tandem analyze} cannot hold: it reads the files on
 * the client and hands them to Flink as in-memory data ({@link OfflineAnalyzer}), so a few
 * gigabytes of logs ended in an {@code OutOfMemoryError} and a stack trace after minutes of work.
 * Now they end in one line saying what to do.
 *
 * <p>The bounds are estimates, not guarantees. The lines are held once as read and once as Flink's
 * serialized copy of them, and that copy grows by doubling: {@link #HEAP_PER_INPUT_BYTE} times the
 * input's size covers both. Flink serializes each input into one byte array, so one kind of input
 * (flows, proxy logs) can never exceed what a Java array holds, whatever the heap.
 */
final class InputBudget {
    static final int HEAP_PER_INPUT_BYTE = 4;

    /** Under a Java array's 2 GiB, with room for the serialized form's framing. */
    static final long MAX_BYTES_PER_KIND = 1_800L * 1024 * 1024;

    private InputBudget() {}

    /** Checks the files' sizes against {@code maxHeap} (the JVM's: {@code Runtime.maxMemory()}). */
    static void check(List<Path> flows, List<Path> proxy, long maxHeap) throws AnalyzeException {
        long flowBytes = size(flows);
        long proxyBytes = size(proxy);
        check("--flows", flowBytes);
        check("--proxy", proxyBytes);
        long total = flowBytes + proxyBytes;
        if (total > maxHeap / HEAP_PER_INPUT_BYTE) {
            throw new AnalyzeException(
                    "the inputs total "
                            + gib(total)
                            + " and analyze holds them in memory, about "
                            + HEAP_PER_INPUT_BYTE
                            + " times their size, more than this JVM's "
                            + gib(maxHeap)
                            + " heap: give it more (TANDEM_JAVA_OPTS=-Xmx"
                            + (total * HEAP_PER_INPUT_BYTE / (1L << 30) + 1)
                            + "g) or analyze fewer hours at a time");
        }
    }

    private static void check(String option, long bytes) throws AnalyzeException {
        if (bytes > MAX_BYTES_PER_KIND) {
            throw new AnalyzeException(
                    "the "
                            + option
                            + " files total "
                            + gib(bytes)
                            + ", more than the "
                            + gib(MAX_BYTES_PER_KIND)
                            + " analyze can hand to Flink in one run: analyze fewer hours at a time");
        }
    }

    /** The files' total size; a file whose size is unknown (a pipe) counts as empty. */
    private static long size(List<Path> files) {
        long total = 0;
        for (Path file : files) {
            try {
                if (Files.isRegularFile(file)) {
                    total += Files.size(file);
                }
            } catch (IOException e) {
                // Reading it will fail with a clear message of its own.
            }
        }
        return total;
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
