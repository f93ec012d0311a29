package dev.tandem.recommender;

import dev.tandem.ingest.archive.ArchiveListing;
import dev.tandem.ingest.archive.ArchiveReadException;
import dev.tandem.ingest.archive.EdgeArchiveReader;
import dev.tandem.ingest.archive.EdgeWindowScan;
import dev.tandem.ingest.archive.TimeRange;
import dev.tandem.ingest.inventory.InventoryFile;
import dev.tandem.ingest.io.IoProblems;
import dev.tandem.ingest.model.EdgeWindow;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.function.UnaryOperator;

/**
 * {@code tandem recommend}: reads the edge archive, plans layered policy, and writes the policies,
 * {@code recommendations.json} and the report. Everything written is a function of the archive (and
 * inventory and previous run) alone, so two runs write the same bytes.
 */
public final class Recommender {
    static final String POLICIES = "policies";
    static final String RECOMMENDATIONS = "recommendations.json";
    private static final List<String> LAYERS = List.of("calico", "kubernetes", "istio");

    /** Windows read between two {@link RecommendProgress#reading} calls. */
    public static final int PROGRESS_EVERY = 8192;

    /** Runs {@code request}. */
    public RecommendResult run(RecommendRequest request)
            throws IOException, RecommendInputException {
        return run(request, RecommendProgress.NONE);
    }

    /** Runs {@code request}, telling {@code progress} how it goes. */
    public RecommendResult run(RecommendRequest request, RecommendProgress progress)
            throws IOException, RecommendInputException {
        StagedOutput output = StagedOutput.in(request.out());
        try {
            return run(request, progress, output);
        } finally {
            output.discard();
        }
    }

    private RecommendResult run(
            RecommendRequest request, RecommendProgress progress, StagedOutput output)
            throws IOException, RecommendInputException {
        UnaryOperator<EdgeWindow> enrich =
                request.inventory() == null
                        ? UnaryOperator.identity()
                        : loadInventory(request.inventory());
        RecommendationsJson.PreviousRun previousRun =
                request.previous() == null ? null : loadPrevious(request.previous());

        EdgeArchiveReader reader = new EdgeArchiveReader(request.archive());
        ArchiveListing listing;
        try {
            listing = reader.list(request.range());
        } catch (IOException e) {
            throw new RecommendInputException(
                    "cannot list edge archive " + request.archive() + ": " + IoProblems.describe(e),
                    e);
        }
        if (!listing.exists()) {
            throw new RecommendInputException(
                    "edge archive " + request.archive() + " does not exist");
        }
        progress.stage(RecommendProgress.Stage.READING);
        Observed observed = observe(reader, request.range(), enrich, listing, progress);

        progress.stage(RecommendProgress.Stage.PLANNING);
        Principals principals = new Principals(request.trustDomain());
        PolicyPlan plan =
                new PolicyPlanner(principals, request.pathBudget()).plan(observed.edges());
        progress.stage(RecommendProgress.Stage.SIMULATING);
        Simulation simulation = new Simulator(principals).simulate(plan);
        RunDiff diff =
                previousRun == null
                        ? null
                        : RunDiff.between(
                                request.previous().toString(),
                                previousRun.ruleIds(),
                                RecommendationsJson.ruleIds(plan),
                                previousRun.edges(),
                                RecommendationsJson.edgeNames(plan));
        RunInfo run =
                new RunInfo(
                        request.archive().toString(),
                        request.lookback(),
                        observed.windowsRead(),
                        observed.filesRead(),
                        request.trustDomain(),
                        request.staged());
        String notice =
                observed.windowsRead() == 0
                        ? "No edge windows in "
                                + request.archive()
                                + " for lookback "
                                + request.lookback()
                                + " ("
                                + listing.files().size()
                                + " files in range): no policies written, since a policy from no evidence would deny or allow everything."
                                + outsideTheLookback(reader, request.range(), listing)
                        : null;

        progress.stage(RecommendProgress.Stage.WRITING);
        Path out = request.out();
        writePolicies(output, "calico", CalicoPolicies.render(plan, request.staged()));
        writePolicies(output, "kubernetes", KubernetesPolicies.render(plan));
        writePolicies(output, "istio", IstioPolicies.render(plan));
        try (Writer json = output.newWriter(RECOMMENDATIONS)) {
            RecommendationsJson.write(json, run, plan, simulation, diff);
        }
        Report report = ReportBuilder.build(run, plan, simulation, diff, notice);
        output.write("report.md", MarkdownReport.render(report));
        output.write("report.html", HtmlReport.render(report));
        List<Path> written =
                output.commit(LAYERS.stream().map(layer -> POLICIES + "/" + layer).toList());
        int l7 = plan.l7Policies().size();
        return new RecommendResult(
                observed.windowsRead(),
                plan.edges().size(),
                plan.l4Rules().size(),
                l7,
                plan.needsReview().size(),
                written,
                notice,
                ChatSummary.of(run, plan, diff, out.resolve("report.html").toString()));
    }

    /**
     * When the lookback found nothing, the files it left out: the lookback counts back from now, so
     * an archive of last month, or a scenario's, reads as empty without {@code --all}.
     */
    private static String outsideTheLookback(
            EdgeArchiveReader reader, TimeRange range, ArchiveListing inRange) throws IOException {
        if (range.isAll()) {
            return "";
        }
        int outside = reader.list(TimeRange.all()).files().size() - inRange.files().size();
        return outside <= 0
                ? ""
                : " The archive holds "
                        + outside
                        + (outside == 1 ? " file" : " files")
                        + " outside the lookback: --all reads them, or a longer --since.";
    }

    /** The archive summed into edges, with how much was read. */
    private record Observed(List<ObservedEdge> edges, long windowsRead, long filesRead) {}

    /**
     * Reads and sums the archive. The aggregator's working maps die when this returns, so they are
     * not held alongside the edges for the rest of the run.
     */
    private static Observed observe(
            EdgeArchiveReader reader,
            TimeRange range,
            UnaryOperator<EdgeWindow> enrich,
            ArchiveListing listing,
            RecommendProgress progress)
            throws IOException, RecommendInputException {
        EdgeAggregator aggregator = new EdgeAggregator();
        int files = listing.files().size();
        try (EdgeWindowScan scan = reader.scan(range)) {
            long filesSeen = 0;
            long windows = 0;
            while (scan.hasNext()) {
                aggregator.accept(enrich.apply(scan.next()));
                windows++;
                if (windows % PROGRESS_EVERY == 0 || scan.filesRead() != filesSeen) {
                    filesSeen = scan.filesRead();
                    progress.reading(filesSeen, files, listing.partitions(), windows);
                }
            }
            progress.reading(scan.filesRead(), files, listing.partitions(), windows);
            return new Observed(aggregator.edges(), aggregator.windowsRead(), scan.filesRead());
        } catch (ArchiveReadException e) {
            throw new RecommendInputException(e.getMessage(), e);
        }
    }

    private static UnaryOperator<EdgeWindow> loadInventory(Path file)
            throws RecommendInputException {
        try {
            return new InventoryEnricher(InventoryFile.read(file).snapshot());
        } catch (InventoryFile.Unreadable e) {
            throw new RecommendInputException(e.getMessage(), e);
        }
    }

    private static RecommendationsJson.PreviousRun loadPrevious(Path dir)
            throws RecommendInputException {
        Path file = dir.resolve(RECOMMENDATIONS);
        if (!Files.isRegularFile(file)) {
            throw new RecommendInputException("previous run " + dir + " has no " + RECOMMENDATIONS);
        }
        try {
            return RecommendationsJson.previousRun(file);
        } catch (IOException e) {
            throw new RecommendInputException(
                    "cannot read previous run " + file + ": " + firstLine(e.getMessage()), e);
        }
    }

    private static void writePolicies(
            StagedOutput output,
            String layer,
            SortedMap<String, List<Map<String, Object>>> byNamespace)
            throws IOException {
        for (Map.Entry<String, List<Map<String, Object>>> e : byNamespace.entrySet()) {
            // Namespaces reach here only as valid DNS labels (Names.isNamespace): no path tricks.
            output.write(
                    POLICIES + "/" + layer + "/" + e.getKey() + ".yaml",
                    Yaml.documents(e.getValue()));
        }
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
