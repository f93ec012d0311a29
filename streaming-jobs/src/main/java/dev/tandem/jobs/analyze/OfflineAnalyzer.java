package dev.tandem.jobs.analyze;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.inventory.InventoryDecodeResult;
import dev.tandem.ingest.inventory.KubectlInventoryDecoder;
import dev.tandem.ingest.json.CanonicalJson;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.ingest.model.Verdict;
import dev.tandem.jobs.archive.EdgeArchiveSink;
import dev.tandem.jobs.correlate.CorrelateJob;
import dev.tandem.jobs.correlate.CorrelateSinks;
import dev.tandem.jobs.correlate.CorrelateSources;
import dev.tandem.jobs.correlate.EvidenceDecoder;
import dev.tandem.jobs.correlate.ModelTypes;
import dev.tandem.jobs.correlate.RawLine;
import dev.tandem.jobs.correlate.SinkBinding;
import dev.tandem.jobs.correlate.SourceBinding;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
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
 * tandem correlate}. A previous run's {@code edges/} is replaced, so that the archive holds this
 * run's windows once.
 *
 * <p>The files are read on the client and handed to Flink as in-memory data: simple and exact (line
 * numbers, the line cap), and fine for the hours of logs an offline analysis reads; a FileSource is
 * the way to scale past the client's memory.
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
    public static final String EDGES_FOLDER = "edges";

    private OfflineAnalyzer() {}

    /**
     * Runs the analysis; the environment comes from {@code
     * StreamExecutionEnvironment.getExecutionEnvironment}, so a test's MiniCluster is used when
     * there is one and a local one otherwise.
     *
     * @throws IOException when an input cannot be read or an output cannot be written
     */
    public static AnalyzeSummary run(AnalyzeRequest request) throws Exception {
        List<RawLine> flowLines = InputLines.read(request.flows());
        List<RawLine> proxyLines = InputLines.read(request.proxy());
        List<DeadLetter> deadLetters = new ArrayList<>();
        List<PodRecord> pods = readInventory(request.inventory(), deadLetters);

        Configuration config = new Configuration();
        config.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.BATCH);
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);

        Path archive = request.out().resolve(EDGES_FOLDER);
        ArchiveFolder.replace(archive);
        Collected<EdgeWindow> edges = new Collected<>();
        Collected<EdgeWindow> findings = new Collected<>();
        Collected<DeadLetter> letters = new Collected<>();
        new CorrelateJob(
                        new CorrelateSources(
                                SourceBinding.of(flowLines, ModelTypes.RAW_LINE),
                                SourceBinding.of(proxyLines, ModelTypes.RAW_LINE),
                                SourceBinding.of(pods, ModelTypes.POD)),
                        new CorrelateSinks(
                                CorrelateSinks.alsoTo(
                                        edges.binding(),
                                        EdgeArchiveSink.binding(archive.toUri().toString())),
                                findings.binding(),
                                letters.binding(),
                                SinkBinding.discard()),
                        request.settings())
                .addTo(env);

        JobClient job = env.executeAsync("tandem analyze");
        CompletableFuture<List<EdgeWindow>> allEdges = edges.drain();
        CompletableFuture<List<EdgeWindow>> allFindings = findings.drain();
        CompletableFuture<List<DeadLetter>> allLetters = letters.drain();
        // Drained before asking for the result: a local environment shuts its cluster down once
        // the result is fetched, and an iterator still reading would lose what it had not read.
        List<EdgeWindow> edgeWindows = allEdges.get();
        List<EdgeWindow> sortedFindings = new ArrayList<>(allFindings.get());
        deadLetters.addAll(allLetters.get());
        JobExecutionResult result = job.getJobExecutionResult().get();

        sortedFindings.sort(FINDING_ORDER);
        deadLetters.sort(DEAD_LETTER_ORDER);
        Long decoded = result.getAccumulatorResult(EvidenceDecoder.RECORDS_ACCUMULATOR);
        AnalyzeSummary summary =
                summarize(
                        flowLines.size() + proxyLines.size(),
                        decoded == null ? 0 : decoded,
                        pods.size(),
                        deadLetters.size(),
                        edgeWindows,
                        sortedFindings.size());

        Files.createDirectories(request.out());
        writeLines(
                request.out().resolve("findings.jsonl"),
                sortedFindings.stream().map(Finding::of).toList());
        writeLines(request.out().resolve("deadletter.jsonl"), deadLetters);
        Files.writeString(
                request.out().resolve("summary.json"),
                CanonicalJson.toJsonLine(summary) + "\n",
                StandardCharsets.UTF_8);
        return summary;
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

    private static List<PodRecord> readInventory(Path file, List<DeadLetter> deadLetters)
            throws IOException {
        if (file == null) {
            return List.of();
        }
        Decoded<InventoryDecodeResult> decoded;
        try (InputStream in = Files.newInputStream(file)) {
            decoded = new KubectlInventoryDecoder().decode(in, "inventory:" + file, null);
        }
        if (!decoded.isOk()) {
            deadLetters.add(decoded.deadLetter());
            return List.of();
        }
        deadLetters.addAll(decoded.value().skipped());
        return decoded.value().snapshot().pods();
    }

    private static void writeLines(Path file, List<?> records) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (Object record : records) {
                out.write(CanonicalJson.toJsonLine(record));
                out.write('\n');
            }
        }
    }
}
