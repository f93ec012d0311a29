package dev.tandem.bench;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToLongFunction;

/**
 * Times a per-record function over a corpus. Both sides of a comparison are measured in the same
 * JVM, interleaved round by round, so machine noise (20-25 % between runs here) hits both alike and
 * the ratio holds.
 */
final class Measurement {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Keeps results alive so the JIT cannot drop the work. */
    static long blackhole;

    private Measurement() {}

    /** Records per second of {@code work} over {@code corpus}, cycling it for {@code millis}. */
    static double recordsPerSecond(List<byte[]> corpus, ToLongFunction<byte[]> work, long millis) {
        long budget = millis * 1_000_000L;
        long start = System.nanoTime();
        long count = 0;
        long sink = 0;
        int size = corpus.size();
        int i = 0;
        long elapsed;
        do {
            for (int k = 0; k < 512; k++) {
                sink += work.applyAsLong(corpus.get(i));
                if (++i == size) {
                    i = 0;
                }
            }
            count += 512;
            elapsed = System.nanoTime() - start;
        } while (elapsed < budget);
        blackhole += sink;
        return count / (elapsed / 1e9);
    }

    /** Bytes allocated per record by {@code work}, over one pass of the corpus on this thread. */
    static double bytesAllocatedPerRecord(List<byte[]> corpus, ToLongFunction<byte[]> work) {
        long tid = Thread.currentThread().getId();
        long before = THREADS.getThreadAllocatedBytes(tid);
        long sink = 0;
        for (byte[] record : corpus) {
            sink += work.applyAsLong(record);
        }
        long after = THREADS.getThreadAllocatedBytes(tid);
        blackhole += sink;
        return (after - before) / (double) corpus.size();
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    /**
     * How a median ratio fares against its target, closing the parenthesis the report line opened:
     * {@code target >= 0.5x) met} or {@code MISSED}; {@code no target)} for a NaN target.
     */
    static String verdict(double median, double target) {
        if (Double.isNaN(target)) {
            return "no target)";
        }
        return String.format(
                Locale.ROOT, "target >= %.1fx) %s", target, median >= target ? "met" : "MISSED");
    }
}
