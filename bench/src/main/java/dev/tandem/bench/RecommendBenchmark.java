package dev.tandem.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.tandem.ingest.archive.EdgeArchiveReader;
import dev.tandem.ingest.archive.EdgeArchiveWriter;
import dev.tandem.ingest.archive.TimeRange;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.recommender.PolicyPlanner;
import dev.tandem.recommender.RecommendRequest;
import dev.tandem.recommender.RecommendResult;
import dev.tandem.recommender.Recommender;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * {@code tandem recommend}'s whole pipeline (read the archive, sum edges, plan, simulate, write
 * policies and reports) against a plain group-by of the same archive: every record read with {@link
 * EdgeArchiveReader} and counted per {@code (source, destination, port, protocol)} in a HashMap.
 * Both run in the same JVM in interleaved rounds; medians are reported.
 *
 * <p>Targets: 1 million windows over 10,000 workloads in <= 15 s and <= 1 GiB heap; <= 5x the
 * group-by; twice the windows (a lookback twice as long over the same edges) <= 2.3x the time.
 *
 * <p>Peak heap is measured in a child JVM that runs the recommender once with {@code -Xmx1g}, so
 * neither the archive's generation nor the group-by pollutes it. It reports two numbers: the
 * largest heap in use right after any garbage collection (what the run really keeps alive, the
 * figure to compare with 1 GiB), and the sum of each heap pool's peak (an upper bound that also
 * counts garbage not yet collected; pools peak at different times). Finishing under {@code -Xmx1g}
 * at all proves the run fits in 1 GiB.
 *
 * <p>Run: {@code bench/run recommend [--windows N] [--workloads W] [--rounds R] [--keep-reports
 * DIR]}.
 */
public final class RecommendBenchmark {
    private static final long SEED = 20261126L;
    private static final double MAX_SECONDS = 15;
    private static final double MAX_RATIO = 5;
    private static final double MAX_SCALING = 2.3;
    private static final long MAX_HEAP = 1L << 30;
    private static final String CHILD = "--measure-heap";

    private RecommendBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 3 && args[0].equals(CHILD)) {
            measureHeap(Paths.get(args[1]), Paths.get(args[2]));
            return;
        }
        int windows = intOption(args, "--windows", 1_000_000);
        int workloads = intOption(args, "--workloads", 10_000);
        int rounds = intOption(args, "--rounds", 3);
        Path work = Files.createTempDirectory("tandem-recommend-bench");
        try {
            SyntheticEdges cluster = new SyntheticEdges(SEED, workloads);
            Path single = work.resolve("archive-1x");
            Path twice = work.resolve("archive-2x");
            long started = System.nanoTime();
            write(cluster, windows, single);
            write(cluster, 2L * windows, twice);
            System.out.printf(
                    Locale.ROOT,
                    "Recommend benchmark: %d and %d edge windows over %d workloads in %d"
                            + " namespaces (%d edges), archives %d MB and %d MB written in %.1f s"
                            + " (not timed), %d rounds%n",
                    windows,
                    2L * windows,
                    workloads,
                    SyntheticEdges.NAMESPACES,
                    cluster.edgeCount(),
                    size(single) >> 20,
                    size(twice) >> 20,
                    (System.nanoTime() - started) / 1e9,
                    rounds);

            // One warm-up of each side.
            RecommendResult result = recommend(single, work.resolve("out-warm"));
            long groups = groupBy(single);
            System.out.printf(
                    Locale.ROOT,
                    "  warm-up: recommend read %d windows, %d edges, %d L4 rules, %d L7"
                            + " policies, %d need review; group-by found %d groups%n",
                    result.windowsRead(),
                    result.edges(),
                    result.l4Rules(),
                    result.l7Policies(),
                    result.needsReview(),
                    groups);
            reportSizes(work.resolve("out-warm"), stringOption(args, "--keep-reports"));

            double[] recommend = new double[rounds];
            double[] baseline = new double[rounds];
            double[] recommendTwice = new double[rounds];
            double[] ratios = new double[rounds];
            double[] scaling = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                Path out = work.resolve("out-" + r);
                if (r % 2 == 0) {
                    recommend[r] = timed(() -> recommend(single, out));
                    baseline[r] = timed(() -> groupBy(single));
                    recommendTwice[r] = timed(() -> recommend(twice, out));
                } else {
                    recommendTwice[r] = timed(() -> recommend(twice, out));
                    baseline[r] = timed(() -> groupBy(single));
                    recommend[r] = timed(() -> recommend(single, out));
                }
                ratios[r] = recommend[r] / baseline[r];
                scaling[r] = recommendTwice[r] / recommend[r];
                System.out.printf(
                        Locale.ROOT,
                        "  round %d: recommend %.2f s, group-by %.2f s, ratio %.2fx;"
                                + " recommend 2x input %.2f s, scaling %.2fx%n",
                        r + 1,
                        recommend[r],
                        baseline[r],
                        ratios[r],
                        recommendTwice[r],
                        scaling[r]);
            }

            Heap heap = childHeap(single, work.resolve("out-heap"));
            Heap heapTwice = childHeap(twice, work.resolve("out-heap-2x"));

            double seconds = Measurement.median(recommend);
            double ratio = Measurement.median(ratios);
            double scale = Measurement.median(scaling);
            System.out.printf(
                    Locale.ROOT,
                    "median: recommend %.2f s for %d windows (target <= %.0f s) %s%n",
                    seconds,
                    windows,
                    MAX_SECONDS,
                    verdict(seconds <= MAX_SECONDS));
            System.out.printf(
                    Locale.ROOT,
                    "median: recommend %.2f s vs plain group-by %.2f s, ratio %.2fx"
                            + " (target <= %.0fx) %s%n",
                    seconds,
                    Measurement.median(baseline),
                    ratio,
                    MAX_RATIO,
                    verdict(ratio <= MAX_RATIO));
            System.out.printf(
                    Locale.ROOT,
                    "median: recommend %.2f s for %d windows, %.2fx the time of %d"
                            + " (target <= %.1fx) %s%n",
                    Measurement.median(recommendTwice),
                    2L * windows,
                    scale,
                    windows,
                    MAX_SCALING,
                    verdict(scale <= MAX_SCALING));
            printHeap(heap, windows);
            printHeap(heapTwice, 2L * windows);
        } finally {
            deleteAll(work);
        }
    }

    private static String verdict(boolean met) {
        return met ? "met" : "MISSED";
    }

    private static void write(SyntheticEdges cluster, long windows, Path archive)
            throws IOException {
        new EdgeArchiveWriter(archive, "bench").write(cluster.windows(windows, SEED + windows));
    }

    /** The whole of {@code tandem recommend --all}, outputs written to {@code out}. */
    private static RecommendResult recommend(Path archive, Path out) throws Exception {
        return new Recommender()
                .run(
                        new RecommendRequest(
                                archive,
                                null,
                                TimeRange.all(),
                                "all",
                                null,
                                "cluster.local",
                                true,
                                out,
                                PolicyPlanner.DEFAULT_PATH_BUDGET));
    }

    /** The baseline's group key: the edge, as the recommender also keys it. */
    private record GroupKey(
            String sourceNamespace,
            String source,
            String destinationNamespace,
            String destination,
            int port,
            String protocol) {}

    /** Reads every window and counts windows and sums bytes per edge in a HashMap. */
    private static long groupBy(Path archive) throws IOException {
        Map<GroupKey, long[]> groups = new HashMap<>();
        new EdgeArchiveReader(archive)
                .forEach(
                        TimeRange.all(),
                        (EdgeWindow w) -> {
                            long[] sums =
                                    groups.computeIfAbsent(
                                            new GroupKey(
                                                    w.source().namespace(),
                                                    w.source().workload(),
                                                    w.destination().namespace(),
                                                    w.destination().workload(),
                                                    w.port(),
                                                    w.protocol()),
                                            k -> new long[2]);
                            sums[0]++;
                            sums[1] += w.kernel().bytes();
                        });
        Measurement.blackhole += groups.size();
        return groups.size();
    }

    private interface Work {
        Object run() throws Exception;
    }

    private static double timed(Work work) throws Exception {
        long start = System.nanoTime();
        Object result = work.run();
        double seconds = (System.nanoTime() - start) / 1e9;
        Measurement.blackhole += result.hashCode();
        return seconds;
    }

    /** What the child JVM measured. */
    private record Heap(long afterGc, long poolPeaks, double seconds, boolean ok, String detail) {}

    private static void printHeap(Heap heap, long windows) {
        if (!heap.ok) {
            System.out.printf(
                    Locale.ROOT,
                    "peak heap: recommend of %d windows FAILED under -Xmx1g: %s MISSED%n",
                    windows,
                    heap.detail);
            return;
        }
        System.out.printf(
                Locale.ROOT,
                "peak heap: recommend of %d windows under -Xmx1g: %d MB live after GC, %d MB"
                        + " sum of pool peaks (upper bound), %.2f s cold (target <= 1024 MB) %s%n",
                windows,
                heap.afterGc >> 20,
                heap.poolPeaks >> 20,
                heap.seconds,
                verdict(heap.afterGc <= MAX_HEAP && heap.poolPeaks <= MAX_HEAP));
    }

    /** Runs the recommender once over {@code archive} in a fresh {@code -Xmx1g} JVM. */
    private static Heap childHeap(Path archive, Path out) throws Exception {
        Path java = Paths.get(System.getProperty("java.home"), "bin", "java");
        Process child =
                new ProcessBuilder(
                                java.toString(),
                                "-Xmx1g",
                                "-XX:+UseParallelGC",
                                "-cp",
                                System.getProperty("java.class.path"),
                                RecommendBenchmark.class.getName(),
                                CHILD,
                                archive.toString(),
                                out.toString())
                        .redirectErrorStream(true)
                        .start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader reader =
                new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lines.add(line);
            }
        }
        int exit = child.waitFor();
        for (String line : lines) {
            if (line.startsWith("heap ")) {
                String[] f = line.split(" ");
                return new Heap(
                        Long.parseLong(f[1]),
                        Long.parseLong(f[2]),
                        Double.parseDouble(f[3]),
                        exit == 0,
                        "");
            }
        }
        String last = lines.isEmpty() ? "no output" : lines.get(lines.size() - 1);
        return new Heap(0, 0, 0, false, "exit " + exit + ": " + last);
    }

    /** The child side: one run, then {@code heap AFTER_GC POOL_PEAKS SECONDS} on stdout. */
    private static void measureHeap(Path archive, Path out) throws Exception {
        AtomicLong afterGc = new AtomicLong();
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            ((NotificationEmitter) gc)
                    .addNotificationListener(
                            (notification, handback) -> {
                                if (!notification
                                        .getType()
                                        .equals(
                                                GarbageCollectionNotificationInfo
                                                        .GARBAGE_COLLECTION_NOTIFICATION)) {
                                    return;
                                }
                                GarbageCollectionNotificationInfo info =
                                        GarbageCollectionNotificationInfo.from(
                                                (CompositeData) notification.getUserData());
                                long used =
                                        info.getGcInfo().getMemoryUsageAfterGc().values().stream()
                                                .mapToLong(u -> u.getUsed())
                                                .sum();
                                afterGc.accumulateAndGet(used, Math::max);
                            },
                            null,
                            null);
        }
        List<MemoryPoolMXBean> heapPools = new ArrayList<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
                heapPools.add(pool);
            }
        }
        long start = System.nanoTime();
        recommend(archive, out);
        double seconds = (System.nanoTime() - start) / 1e9;
        long peaks = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            peaks += pool.getPeakUsage().getUsed();
        }
        // Notifications arrive on another thread shortly after each collection.
        Thread.sleep(200);
        System.out.println("heap " + afterGc.get() + " " + peaks + " " + seconds);
    }

    /**
     * What the warm-up wrote for people, by size: issue #6 bounds the reports at real-cluster scale
     * (report.html under 2 MB, report.md under 1 MB). With {@code --keep-reports DIR} they are
     * copied there to look at, since the work directory is deleted.
     */
    private static void reportSizes(Path out, String keep) throws IOException {
        List<String> sizes = new ArrayList<>();
        for (String name : List.of("report.html", "report.md", "recommendations.json")) {
            sizes.add(
                    String.format(
                            Locale.ROOT, "%s %d KB", name, Files.size(out.resolve(name)) >> 10));
        }
        System.out.println("  warm-up wrote " + String.join(", ", sizes));
        if (keep != null) {
            Path dir = Files.createDirectories(Paths.get(keep));
            for (String name : List.of("report.html", "report.md")) {
                Files.copy(
                        out.resolve(name), dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
            }
            System.out.println("  reports kept in " + dir);
        }
    }

    private static long size(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            return paths.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void deleteAll(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static String stringOption(String[] args, String name) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return null;
    }

    private static int intOption(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
