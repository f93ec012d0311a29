package dev.tandem.bench;

import com.sun.management.OperatingSystemMXBean;
import dev.tandem.ingest.detect.LogKind;
import dev.tandem.ingest.detect.LogStreamDecoder;
import dev.tandem.ingest.io.BoundedLineReader;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.Verdict;
import dev.tandem.jobs.correlate.CorrelateJob;
import dev.tandem.jobs.correlate.CorrelateSettings;
import dev.tandem.jobs.correlate.CorrelateSinks;
import dev.tandem.jobs.correlate.CorrelateSources;
import dev.tandem.jobs.correlate.ModelTypes;
import dev.tandem.jobs.correlate.RawLine;
import dev.tandem.jobs.correlate.SourceBinding;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Stream;

/**
 * The correlate job's throughput (replayed bytes -> decode -> resolve -> edge windows -> verdicts
 * -> discarding sinks, parallelism 1) against three baselines measured in the same JVM, in
 * interleaved rounds: (a) the same decoders over the same bytes in a plain loop (target >= 0.2x);
 * (b) a pass-through job with the same sources and decoder operator (>= 0.5x); (d) the same
 * correlation as a Flink SQL interval join over JSON, what a user would write instead (the job >=
 * 2x). Two more subjects are (b) plus {@code keyBy} shuffles and no work: (e) with one, the most of
 * (b) any job that keeps state per edge can reach, since it must shuffle at least once; (f) with
 * two, as many as the correlate job has. Then the keyed state per active edge at 100k open edges
 * ({@link EdgeStateSize}).
 *
 * <p>Run: {@code bench/run correlate [--rounds N] [--records N] [--proxy json|mixed]}.
 */
public final class CorrelateBenchmark {
    static final String EDGES = "edges";
    static final String DEAD_LETTERS = "dead-letters";
    static final String LATE = "late";

    /**
     * Edge windows between two workloads, as the workload's edges all are. Others come from the
     * STREAMING race the job documents: evidence read before its inventory resolves a peer to its
     * address (an external peer).
     */
    static final String WORKLOADS = "workload-to-workload";

    static final String OTHER_PEERS = "other";
    private static final String PEERS = "peers";
    static final List<String> VERDICTS =
            Arrays.stream(Verdict.values()).map(Verdict::name).sorted().toList();
    private static final int WINDOWS = 6;
    private static final int WARM_UP_ROUNDS = 2;

    /** The subjects, by their index in a round's samples. */
    private static final String[] SUBJECTS = {
        "(a) decoders alone, plain loop",
        "(b) pass-through job: source -> decoder -> discard",
        "(c) correlate job: decode, resolve, windows, verdicts",
        "(d) Flink SQL: JSON tables, LEFT interval join, TUMBLE",
        "(e) keyed pass-through: (b) + one keyBy -> discard",
        "(f) twice keyed pass-through: (b) + two keyBys -> discard"
    };

    private static final int STATE_EDGES = 100_000;
    private static final int MAX_RECORDS = 2_000_000;

    private final CorrelateWorkload workload;
    private final LocalFlink flink;
    private final ReplayedLines flows;
    private final ReplayedLines proxy;
    private final SqlIntervalJoin sql;
    private final CorrelateSettings settings = CorrelateSettings.defaults();

    private static final OperatingSystemMXBean PROCESS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    /**
     * Records per second of one subject in one round, with what it counted, the CPU time the whole
     * JVM spent meanwhile per million records (every thread of the job, GC and JIT included), and
     * that CPU time per second of the run: how many cores the subject kept busy.
     */
    record Sample(
            double recordsPerSecond,
            Map<String, Long> counts,
            double cpuPerMillion,
            double coresBusy) {
        Sample(double recordsPerSecond, Map<String, Long> counts) {
            this(recordsPerSecond, counts, Double.NaN, Double.NaN);
        }

        Sample withCpu(double cpuPerMillion, double coresBusy) {
            return new Sample(recordsPerSecond, counts, cpuPerMillion, coresBusy);
        }
    }

    CorrelateBenchmark(CorrelateWorkload workload, LocalFlink flink, Path sqlInput)
            throws IOException {
        this.workload = workload;
        this.flink = flink;
        Path flowFile = sqlInput.resolve("flows/flows.json");
        Path proxyFile = sqlInput.resolve("proxy/proxy.json");
        SqlIntervalJoin.writeInput(flowFile, workload.flows());
        SqlIntervalJoin.writeInput(proxyFile, workload.proxyJson());
        this.sql = new SqlIntervalJoin(flowFile.getParent(), proxyFile.getParent(), settings);
        this.flows = new ReplayedLines(workload.flows());
        this.proxy = new ReplayedLines(workload.proxy());
    }

    public static void main(String[] args) throws Exception {
        int rounds = intOption(args, "--rounds", 3);
        int records = intOption(args, "--records", 200_000);
        String proxyOption = stringOption(args, "--proxy", "json");
        // The lines live in the heap bench/run gives this harness (3 GiB): hence the upper bound.
        if (rounds < 1
                || rounds > 50
                || records < 1000
                || records > MAX_RECORDS
                || !List.of("json", "mixed").contains(proxyOption)) {
            System.err.println(
                    "usage: bench/run correlate [--rounds 1-50] [--records 1000-"
                            + MAX_RECORDS
                            + "] [--proxy json|mixed]");
            System.exit(2);
        }
        CorrelateWorkload.ProxyFormat format =
                proxyOption.equals("json")
                        ? CorrelateWorkload.ProxyFormat.JSON
                        : CorrelateWorkload.ProxyFormat.MIXED;
        CorrelateWorkload workload =
                CorrelateWorkload.generate(20261126L, records, WINDOWS, format);
        System.out.printf(
                Locale.ROOT,
                "Correlate benchmark: %d rounds; %d records (%d flow, %d proxy lines as %s),"
                        + " %d edges x %d windows, %d pods; parallelism 1%n",
                rounds,
                workload.records(),
                workload.flows().size(),
                workload.proxy().size(),
                proxyOption.toUpperCase(Locale.ROOT),
                workload.edges(),
                WINDOWS,
                workload.inventory().size());

        Path sqlInput = Files.createTempDirectory("tandem-correlate-bench");
        List<Sample[]> samples = new ArrayList<>();
        try (LocalFlink flink = new LocalFlink()) {
            CorrelateBenchmark bench = new CorrelateBenchmark(workload, flink, sqlInput);
            try {
                // Warm-up: JIT, class loading, the SQL planner. After one round, the first timed
                // round still ran every subject 10-30 % slower than the later ones.
                for (int w = 0; w < WARM_UP_ROUNDS; w++) {
                    bench.round(w);
                }
                for (int r = 0; r < rounds; r++) {
                    Sample[] round = bench.round(r);
                    samples.add(round);
                    System.out.printf(
                            Locale.ROOT,
                            "  round %d: (a) %,.0f  (b) %,.0f  (c) %,.0f  (d) %,.0f  (e) %,.0f"
                                    + "  (f) %,.0f records/s%n",
                            r + 1,
                            round[0].recordsPerSecond(),
                            round[1].recordsPerSecond(),
                            round[2].recordsPerSecond(),
                            round[3].recordsPerSecond(),
                            round[4].recordsPerSecond(),
                            round[5].recordsPerSecond());
                }
            } finally {
                bench.close();
            }
        } finally {
            deleteTree(sqlInput);
        }
        report(workload, samples);

        System.out.println();
        System.out.println(
                "keyed state per active edge (EdgeWindowBuilder, HashMap backend, checkpoint"
                        + " snapshot of N open edges, one busy window each):");
        for (int edges : new int[] {10_000, STATE_EDGES}) {
            EdgeStateSize.Result state = EdgeStateSize.measure(edges);
            System.out.printf(
                    Locale.ROOT,
                    "  %,7d edges: %,12d B snapshot (%,d B managed keyed) = %,.0f B per edge%n",
                    edges,
                    state.stateBytes(),
                    state.managedKeyedBytes(),
                    state.bytesPerEdge());
        }
    }

    /**
     * One round: the subjects in an order that rotates from round to round, so that none always
     * runs first (on a cooler heap) or last.
     */
    Sample[] round(int index) throws Exception {
        Sample[] out = new Sample[SUBJECTS.length];
        for (int k = 0; k < SUBJECTS.length; k++) {
            int subject = (index + k) % SUBJECTS.length;
            long cpuBefore = PROCESS.getProcessCpuTime();
            long wallBefore = System.nanoTime();
            Sample sample =
                    switch (subject) {
                        case 0 -> decoderLoop();
                        case 1 -> passThrough();
                        case 2 -> correlate();
                        case 3 -> sqlJoin();
                        case 4 -> keyedPassThrough(1);
                        default -> keyedPassThrough(2);
                    };
            double cpuSeconds = (PROCESS.getProcessCpuTime() - cpuBefore) / 1e9;
            double wallSeconds = (System.nanoTime() - wallBefore) / 1e9;
            // Cores busy: (b) runs one thread per decoder, the job spreads over more and can
            // keep both cores busy. CPU and wall time both include building the job's graph.
            out[subject] =
                    sample.withCpu(cpuSeconds * 1e6 / workload.records(), cpuSeconds / wallSeconds);
        }
        return out;
    }

    /** (a) The job's decoders over the same bytes in a plain loop on this thread. */
    Sample decoderLoop() {
        long start = System.nanoTime();
        long[] ok = new long[1];
        decodeAll(workload.flows(), "flows", ok);
        decodeAll(workload.proxy(), "proxy", ok);
        long nanos = System.nanoTime() - start;
        return new Sample(workload.records() / (nanos / 1e9), Map.of("decoded", ok[0]));
    }

    private static void decodeAll(List<RawLine> lines, String stream, long[] ok) {
        LogStreamDecoder decoder = new LogStreamDecoder(LogKind.AUTO, stream);
        for (RawLine line : lines) {
            decoder.accept(
                    new BoundedLineReader.Line(
                            line.bytes(), line.bytes().length, line.position(), line.fullLength()),
                    decoded -> ok[0] += decoded.isOk() ? 1 : 0);
        }
    }

    /** (b) Same sources and decoder operator, discarding sinks. */
    Sample passThrough() throws Exception {
        LocalFlink.Run run =
                flink.run(
                        "pass-through",
                        env ->
                                PassThroughJob.addTo(
                                        env, flows.source("flows"), proxy.source("proxy")));
        long decoded =
                CountingDiscard.total(run.accumulators(), PassThroughJob.DECODED + "-flows")
                        + CountingDiscard.total(
                                run.accumulators(), PassThroughJob.DECODED + "-proxy");
        return new Sample(run.recordsPerSecond(workload.records()), Map.of("decoded", decoded));
    }

    /**
     * (e) and (f): as (b), the decoded records then shuffled by one or two {@code keyBy} into the
     * sink.
     */
    Sample keyedPassThrough(int shuffles) throws Exception {
        LocalFlink.Run run =
                flink.run(
                        "keyed-pass-through-" + shuffles,
                        env ->
                                PassThroughJob.addKeyedTo(
                                        env,
                                        flows.source("flows"),
                                        proxy.source("proxy"),
                                        shuffles));
        return new Sample(
                run.recordsPerSecond(workload.records()),
                Map.of(
                        "shuffled",
                        CountingDiscard.total(run.accumulators(), PassThroughJob.SHUFFLED)));
    }

    /** (c) The correlate job with the inventory, every output counted and dropped. */
    Sample correlate() throws Exception {
        LocalFlink.Run run =
                flink.run(
                        "correlate",
                        env ->
                                new CorrelateJob(
                                                new CorrelateSources(
                                                        flows.source("flows"),
                                                        proxy.source("proxy"),
                                                        SourceBinding.of(
                                                                workload.inventory(),
                                                                ModelTypes.POD)),
                                                new CorrelateSinks(
                                                        CorrelateSinks.alsoTo(
                                                                CountingDiscard.<EdgeWindow>of(
                                                                        EDGES,
                                                                        VERDICTS,
                                                                        w -> w.verdict().name()),
                                                                CountingDiscard.<EdgeWindow>of(
                                                                        PEERS,
                                                                        List.of(
                                                                                WORKLOADS,
                                                                                OTHER_PEERS),
                                                                        CorrelateBenchmark::peers)),
                                                        CountingDiscard.<EdgeWindow>of(
                                                                "findings",
                                                                List.of("all"),
                                                                w -> "all"),
                                                        CountingDiscard.of(
                                                                DEAD_LETTERS,
                                                                List.of("all"),
                                                                d -> "all"),
                                                        CountingDiscard.of(
                                                                LATE, List.of("all"), e -> "all")),
                                                settings)
                                        .addTo(env));
        Map<String, Long> counts = new TreeMap<>(CountingDiscard.counts(run.accumulators(), EDGES));
        counts.put(DEAD_LETTERS, CountingDiscard.total(run.accumulators(), DEAD_LETTERS));
        counts.put(LATE, CountingDiscard.total(run.accumulators(), LATE));
        counts.put(WORKLOADS, CountingDiscard.counts(run.accumulators(), PEERS).get(WORKLOADS));
        return new Sample(run.recordsPerSecond(workload.records()), counts);
    }

    /** (d) The Flink SQL interval join over the same lines as JSON. */
    Sample sqlJoin() throws Exception {
        LocalFlink.Run run = flink.run("sql-interval-join", sql::addTo);
        return new Sample(
                run.recordsPerSecond(workload.records()),
                CountingDiscard.counts(run.accumulators(), SqlIntervalJoin.WINDOWS));
    }

    void close() {
        flows.close();
        proxy.close();
    }

    private static void report(CorrelateWorkload workload, List<Sample[]> samples) {
        System.out.println();
        System.out.println("throughput, records/s (median of rounds):");
        for (int s = 0; s < SUBJECTS.length; s++) {
            System.out.printf(
                    Locale.ROOT,
                    "  %-56s %,10.0f%n",
                    SUBJECTS[s],
                    median(samples, s, Sample::recordsPerSecond));
        }
        System.out.println();
        System.out.println("ratios, median of per-round ratios:");
        ratio(samples, "correlate job / decoders alone (c/a)", 2, 0, 0.2);
        ratio(samples, "correlate job / pass-through job (c/b)", 2, 1, 0.5);
        ratio(samples, "correlate job / Flink SQL interval join (c/d)", 2, 3, 2.0);
        ratio(samples, "one keyBy, no work / pass-through job (e/b)", 4, 1, Double.NaN);
        ratio(samples, "two keyBys, no work / pass-through job (f/b)", 5, 1, Double.NaN);
        ratio(samples, "correlate job / keyed pass-through (c/e)", 2, 4, Double.NaN);
        ratio(samples, "correlate job / twice keyed pass-through (c/f)", 2, 5, Double.NaN);
        System.out.println(
                "  (a job that keeps state per edge shuffles at least once: e/b bounds its c/b;"
                        + " this job shuffles twice, as (f) does. On 2 cores c/b follows the"
                        + " CPU each costs: see below)");

        // Wall time on a shared 2-core machine moves with whatever else runs; the CPU a job
        // costs moves much less, so this is the way to compare two builds on a busy machine.
        System.out.println();
        System.out.println(
                "CPU-seconds per million records and cores kept busy, whole JVM (medians of"
                        + " rounds), and the ratios as throughput at equal CPU:");
        for (int s = 0; s < SUBJECTS.length; s++) {
            System.out.printf(
                    Locale.ROOT,
                    "  %-56s %10.2f %6.2f cores%n",
                    SUBJECTS[s],
                    median(samples, s, Sample::cpuPerMillion),
                    median(samples, s, Sample::coresBusy));
        }
        cpuRatio(samples, "c/b at equal CPU", 2, 1);
        cpuRatio(samples, "c/d at equal CPU", 2, 3);
        cpuRatio(samples, "e/b at equal CPU", 4, 1);
        cpuRatio(samples, "f/b at equal CPU", 5, 1);

        Sample[] last = samples.get(samples.size() - 1);
        System.out.println();
        System.out.println(
                "what each run produced (last round; expected "
                        + workload.edgeWindows()
                        + " edge windows):");
        System.out.println(
                "  (a) decoded "
                        + last[0].counts().get("decoded")
                        + " of "
                        + workload.records()
                        + " lines");
        System.out.println(
                "  (b) decoded "
                        + last[1].counts().get("decoded")
                        + " of "
                        + workload.records()
                        + " lines");
        Map<String, Long> job = last[2].counts();
        System.out.println(
                "  (c) edge windows by verdict "
                        + nonZero(verdicts(job))
                        + ", between two workloads "
                        + job.get(WORKLOADS)
                        + "; dead letters "
                        + job.get(DEAD_LETTERS)
                        + ", late "
                        + job.get(LATE));
        System.out.println("  (d) edge windows by verdict " + nonZero(last[3].counts()));
        for (int s = 4; s <= 5; s++) {
            System.out.println(
                    "  ("
                            + (char) ('a' + s)
                            + ") shuffled "
                            + last[s].counts().get("shuffled")
                            + " of "
                            + workload.records()
                            + " lines");
        }
    }

    /** The median over the rounds of one figure of one subject. */
    private static double median(
            List<Sample[]> samples, int subject, ToDoubleFunction<Sample> figure) {
        return Measurement.median(
                samples.stream().mapToDouble(x -> figure.applyAsDouble(x[subject])).toArray());
    }

    private static void ratio(
            List<Sample[]> samples, String name, int subject, int baseline, double target) {
        double[] ratios =
                samples.stream()
                        .mapToDouble(
                                x -> x[subject].recordsPerSecond() / x[baseline].recordsPerSecond())
                        .toArray();
        double median = Measurement.median(ratios);
        String verdict = Measurement.verdict(median, target);
        System.out.printf(
                Locale.ROOT,
                "  %-48s %.2fx (min %.2f, max %.2f; %s%n",
                name,
                median,
                Arrays.stream(ratios).min().orElse(0),
                Arrays.stream(ratios).max().orElse(0),
                verdict);
    }

    private static void cpuRatio(List<Sample[]> samples, String name, int subject, int baseline) {
        double[] ratios =
                samples.stream()
                        .mapToDouble(x -> x[baseline].cpuPerMillion() / x[subject].cpuPerMillion())
                        .toArray();
        System.out.printf(
                Locale.ROOT,
                "  %-48s %.2fx (min %.2f, max %.2f)%n",
                name,
                Measurement.median(ratios),
                Arrays.stream(ratios).min().orElse(0),
                Arrays.stream(ratios).max().orElse(0));
    }

    private static Map<String, Long> verdicts(Map<String, Long> counts) {
        Map<String, Long> out = new TreeMap<>();
        for (String verdict : VERDICTS) {
            out.put(verdict, counts.getOrDefault(verdict, 0L));
        }
        return out;
    }

    private static String peers(EdgeWindow window) {
        return window.source().kind() == EndpointKind.WORKLOAD
                        && window.destination().kind() == EndpointKind.WORKLOAD
                ? WORKLOADS
                : OTHER_PEERS;
    }

    private static Map<String, Long> nonZero(Map<String, Long> counts) {
        Map<String, Long> out = new TreeMap<>();
        counts.forEach(
                (k, v) -> {
                    if (v != 0) {
                        out.put(k, v);
                    }
                });
        return out;
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static int intOption(String[] args, String name, int fallback) {
        String value = stringOption(args, name, null);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            System.err.println(name + " needs a whole number, got '" + value + "'");
            System.exit(2);
            return fallback;
        }
    }

    private static String stringOption(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
