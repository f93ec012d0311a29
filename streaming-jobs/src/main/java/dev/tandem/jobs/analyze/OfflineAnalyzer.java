package dev.tandem.jobs.analyze;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.io.IoProblems;
import dev.tandem.ingest.json.CanonicalJson;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.ingest.model.Verdict;
import dev.tandem.jobs.archive.EdgeArchiveSink;
import dev.tandem.jobs.correlate.CorrelateJob;
import dev.tandem.jobs.correlate.CorrelateSettings;
import dev.tandem.jobs.correlate.CorrelateSinks;
import dev.tandem.jobs.correlate.CorrelateSources;
import dev.tandem.jobs.correlate.EvidenceDecoder;
import dev.tandem.jobs.correlate.ModelTypes;
import dev.tandem.jobs.correlate.RawLine;
import dev.tandem.jobs.correlate.SinkBinding;
import dev.tandem.jobs.correlate.SourceBinding;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * {@code tandem analyze}: runs the correlate job's graph in Flink BATCH mode over files and writes
 * {@code findings.jsonl}, {@code deadletter.jsonl} and {@code summary.json}, sorted so that two
 * runs over the same files give the same bytes, and the Parquet edge archive {@code edges/} (every
 * edge window, {@code docs/edge-archive.md}) through the same {@link EdgeArchiveSink} as {@code
 * tandem correlate}; {@code edges/} is there even when it holds no window. All four are written
 * into a staging folder and replace a previous run's only once complete ({@link OutputFolder}), so
 * the archive holds this run's windows once and a failed run leaves the previous results whole.
 *
 * <p>The files are read on the client and handed to Flink as in-memory data: simple and exact (line
 * numbers, the line cap), and fine for the hours of logs an offline analysis reads; inputs too big
 * for the heap are refused before reading ({@link InputBudget}). A FileSource is the way to scale
 * past the client's memory.
 */
public final class OfflineAnalyzer {
    static final Comparator<EdgeWindow> FINDING_ORDER =
            Comparator.comparing(EdgeWindow::windowStart)
                    .thenComparing(w -> String.valueOf(w.source().namespace()))
                    .thenComparing(w -> w.source().workload())
                    .thenComparing(w -> String.valueOf(w.destination().namespace()))
                    .thenComparing(w -> w.destination().workload())
                    .thenComparingInt(EdgeWindow::port)
                    .thenComparing(EdgeWindow::protocol);

    static final Comparator<DeadLetter> DEAD_LETTER_ORDER =
            Comparator.comparing(DeadLetter::source)
                    .thenComparingLong(DeadLetter::position)
                    .thenComparing(DeadLetter::detail);

    /** The archive's folder in the output folder. */
    public static final String EDGES_FOLDER = OutputFolder.EDGES;

    private OfflineAnalyzer() {}

    /**
     * Runs the analysis; the environment comes from {@code
     * StreamExecutionEnvironment.getExecutionEnvironment}, so a test's MiniCluster is used when
     * there is one and a local one otherwise. Nothing in {@code out} changes unless the run
     * completes ({@link OutputFolder}).
     *
     * @throws AnalyzeException when an input cannot be read or an output cannot be written: a
     *     message for the user; anything else thrown is a bug
     */
    public static AnalyzeSummary run(AnalyzeRequest request) throws Exception {
        // Checked before reading anything, so that a typo in --out costs no time.
        OutputFolder.checkWritable(request.out());
        InputBudget.check(request.flows(), request.proxy(), Runtime.getRuntime().maxMemory());
        List<DeadLetter> deadLetters = new ArrayList<>();
        List<PodRecord> pods =
                request.inventory() == null
                        ? List.of()
                        : InventoryPods.readPods(request.inventory(), deadLetters);
        List<RawLine> flowLines = InputLines.read(request.flows());
        List<RawLine> proxyLines = InputLines.read(request.proxy());

        OutputFolder out = OutputFolder.open(request.out());
        boolean committed = false;
        try {
            Outcome outcome = correlate(flowLines, proxyLines, pods, out, request.settings());
            deadLetters.addAll(outcome.deadLetters());
            List<EdgeWindow> findings = new ArrayList<>(outcome.findings());
            findings.sort(FINDING_ORDER);
            deadLetters.sort(DEAD_LETTER_ORDER);
            AnalyzeSummary summary =
                    summarize(
                            flowLines.size() + proxyLines.size(),
                            outcome.recordsDecoded(),
                            pods.size(),
                            deadLetters.size(),
                            outcome.edges(),
                            findings.size());
            write(out, OutputFolder.FINDINGS, findings.stream().map(Finding::of).toList());
            write(out, OutputFolder.DEAD_LETTERS, deadLetters);
            write(out, OutputFolder.SUMMARY, List.of(summary));
            out.commit();
            committed = true;
            return summary;
        } finally {
            if (!committed) {
                out.discard();
            }
        }
    }

    /** What the job sent back to the client; the archive it wrote is in the staging folder. */
    private record Outcome(
            List<EdgeWindow> edges,
            List<EdgeWindow> findings,
            List<DeadLetter> deadLetters,
            long recordsDecoded) {}

    private static Outcome correlate(
            List<RawLine> flowLines,
            List<RawLine> proxyLines,
            List<PodRecord> pods,
            OutputFolder out,
            CorrelateSettings settings)
            throws Exception {
        Configuration config = new Configuration();
        config.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);

        Collected<EdgeWindow> edges = new Collected<>();
        Collected<EdgeWindow> findings = new Collected<>();
        Collected<DeadLetter> letters = new Collected<>();
        String archive = out.staged(OutputFolder.EDGES).toUri().toString();
        new CorrelateJob(
                        new CorrelateSources(
                                SourceBinding.of(flowLines, ModelTypes.RAW_LINE),
                                SourceBinding.of(proxyLines, ModelTypes.RAW_LINE),
                                SourceBinding.of(pods, ModelTypes.POD)),
                        new CorrelateSinks(
                                CorrelateSinks.alsoTo(
                                        edges.binding(), EdgeArchiveSink.binding(archive)),
                                findings.binding(),
                                letters.binding(),
                                SinkBinding.discard()),
                        settings)
                .addTo(env);

        try {
            JobClient job = env.executeAsync("tandem analyze");
            CompletableFuture<List<EdgeWindow>> allEdges = edges.drain();
            CompletableFuture<List<EdgeWindow>> allFindings = findings.drain();
            CompletableFuture<List<DeadLetter>> allLetters = letters.drain();
            // Drained before asking for the result: a local environment shuts its cluster down
            // once the result is fetched, and an iterator still reading would lose what it had not
            // read.
            List<EdgeWindow> edgeWindows = allEdges.get();
            List<EdgeWindow> foundWindows = allFindings.get();
            List<DeadLetter> deadLetters = allLetters.get();
            JobExecutionResult result = job.getJobExecutionResult().get();
            Long decoded = result.getAccumulatorResult(EvidenceDecoder.RECORDS_ACCUMULATOR);
            return new Outcome(
                    edgeWindows, foundWindows, deadLetters, decoded == null ? 0 : decoded);
        } catch (ExecutionException e) {
            throw writeFailure(out, e);
        }
    }

    /**
     * A job that failed on a file (the archive's folder could not be created, the disk is full) is
     * the user's to fix: one line naming the archive and the innermost cause. Any other failure is
     * a bug and goes on as it is.
     */
    private static Exception writeFailure(OutputFolder out, ExecutionException failure) {
        return IoErrors.innermost(failure)
                .<Exception>map(
                        cause -> {
                            String reported = IoProblems.cause(cause);
                            String why =
                                    out.unwritable(OutputFolder.EDGES)
                                            .map(known -> known + " (" + reported + ")")
                                            .orElse(reported);
                            return new AnalyzeException(
                                    "cannot write the archive "
                                            + out.destination(OutputFolder.EDGES)
                                            + ": "
                                            + why,
                                    failure);
                        })
                .orElse(failure);
    }

    private static AnalyzeSummary summarize(
            long lines,
            long records,
            long pods,
            long deadLetters,
            List<EdgeWindow> edges,
            long findings) {
        TreeMap<String, Long> verdicts = new TreeMap<>();
        for (Verdict verdict : Verdict.values()) {
            verdicts.put(verdict.name(), 0L);
        }
        for (EdgeWindow edge : edges) {
            verdicts.merge(edge.verdict().name(), 1L, Long::sum);
        }
        return new AnalyzeSummary(
                lines, records, pods, deadLetters, edges.size(), findings, verdicts);
    }

    private static void write(OutputFolder out, String name, List<?> records)
            throws AnalyzeException {
        try (Writer writer = Files.newBufferedWriter(out.staged(name), StandardCharsets.UTF_8)) {
            for (Object record : records) {
                writer.write(CanonicalJson.toJsonLine(record));
                writer.write('\n');
            }
        } catch (IOException e) {
            throw new AnalyzeException(
                    "cannot write " + out.destination(name) + ": " + IoProblems.cause(e), e);
        }
    }
}
