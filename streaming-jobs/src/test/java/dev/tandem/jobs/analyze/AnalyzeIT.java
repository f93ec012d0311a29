package dev.tandem.jobs.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ingest.archive.ArchiveListing;
import dev.tandem.ingest.archive.EdgeArchiveReader;
import dev.tandem.ingest.archive.TimeRange;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.Verdict;
import dev.tandem.jobs.correlate.CorrelateSettings;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code tandem analyze} end to end on a MiniCluster, over Bookinfo files written here. */
class AnalyzeIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    @Test
    void findsTheBypassesInBookinfoAndWritesFindingsDeadLettersAndSummary() throws Exception {
        Path out = dir.resolve("out");
        AnalyzeRequest request =
                new AnalyzeRequest(
                        List.of(BookinfoScenario.writeFlows(dir)),
                        List.of(BookinfoScenario.writeProxy(dir)),
                        BookinfoScenario.writeInventory(dir),
                        out,
                        CorrelateSettings.defaults());

        AnalyzeSummary summary = OfflineAnalyzer.run(request);

        List<JsonNode> findings = jsonLines(out.resolve("findings.jsonl"));
        assertThat(findings)
                .extracting(f -> f.get("verdict").asText() + " " + edge(f))
                .containsExactlyInAnyOrder(
                        "BYPASS_EGRESS bookinfo/details-v1 -> null/203.0.113.50:443",
                        "PLAINTEXT legacy/client -> bookinfo/productpage-v1:9080",
                        "DENIED legacy/client -> bookinfo/reviews-v1:9080",
                        "BYPASS_INGRESS legacy/client -> bookinfo/ratings-v1:9080");

        JsonNode egress =
                findings.stream()
                        .filter(f -> f.get("verdict").asText().equals("BYPASS_EGRESS"))
                        .findFirst()
                        .orElseThrow();
        assertThat(egress.get("source").toString())
                .isEqualTo(
                        "{\"namespace\":\"bookinfo\",\"workload\":\"details-v1\",\"kind\":\"workload\",\"meshed\":true}");
        assertThat(egress.get("destination").toString())
                .isEqualTo(
                        "{\"namespace\":null,\"workload\":\"203.0.113.50\",\"kind\":\"external\",\"meshed\":false}");
        assertThat(egress.get("protocol").asText()).isEqualTo("tcp");
        assertThat(egress.get("windowStart").asText()).isEqualTo("2026-11-20T10:00:00Z");
        assertThat(egress.get("windowEnd").asText()).isEqualTo("2026-11-20T10:05:00Z");
        assertThat(egress.get("confidence").asDouble()).isEqualTo(0.95);
        assertThat(egress.get("evidence").get("kernel").get("processNames").get(0).asText())
                .isEqualTo("curl");
        List<String> fieldNames = new ArrayList<>();
        egress.fieldNames().forEachRemaining(fieldNames::add);
        assertThat(fieldNames)
                .containsExactly(
                        "verdict",
                        "source",
                        "destination",
                        "port",
                        "protocol",
                        "windowStart",
                        "windowEnd",
                        "confidence",
                        "evidence");

        List<JsonNode> letters = jsonLines(out.resolve("deadletter.jsonl"));
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).get("original").asText())
                .isEqualTo("this line is not an access log");

        JsonNode written = JSON.readTree(out.resolve("summary.json").toFile());
        assertThat(written.get("recordsRead").asLong()).isEqualTo(9 + 6);
        assertThat(written.get("linesRead").asLong()).isEqualTo(9 + 7);
        assertThat(written.get("deadLetters").asLong()).isEqualTo(1);
        assertThat(written.get("inventoryPods").asLong()).isEqualTo(5);
        assertThat(written.get("findings").asLong()).isEqualTo(4);
        JsonNode verdicts = written.get("verdicts");
        assertThat(verdicts.get("MEDIATED").asLong()).isEqualTo(4);
        assertThat(verdicts.get("BYPASS_INGRESS").asLong()).isEqualTo(1);
        assertThat(verdicts.get("BYPASS_EGRESS").asLong()).isEqualTo(1);
        assertThat(verdicts.get("PLAINTEXT").asLong()).isEqualTo(1);
        assertThat(verdicts.get("DENIED").asLong()).isEqualTo(1);
        assertThat(verdicts.get("UNMESHED").asLong()).isZero();
        assertThat(summary.edgeWindows()).isEqualTo(8);
    }

    @Test
    void twoRunsOverTheSameFilesWriteTheSameBytes() throws Exception {
        List<Path> flows = List.of(BookinfoScenario.writeFlows(dir));
        List<Path> proxy = List.of(BookinfoScenario.writeProxy(dir));
        Path inventory = BookinfoScenario.writeInventory(dir);
        Path first = dir.resolve("first");
        Path second = dir.resolve("second");

        OfflineAnalyzer.run(
                new AnalyzeRequest(flows, proxy, inventory, first, CorrelateSettings.defaults()));
        OfflineAnalyzer.run(
                new AnalyzeRequest(flows, proxy, inventory, second, CorrelateSettings.defaults()));

        for (String file : List.of("findings.jsonl", "deadletter.jsonl", "summary.json")) {
            assertThat(Files.readString(second.resolve(file)))
                    .as(file)
                    .isNotEmpty()
                    .isEqualTo(Files.readString(first.resolve(file)));
        }
    }

    @Test
    void archivesEveryEdgeWindowThatTheSummaryCountsInDayHourPartitions() throws Exception {
        Path out = dir.resolve("out");
        AnalyzeSummary summary =
                OfflineAnalyzer.run(
                        new AnalyzeRequest(
                                List.of(BookinfoScenario.writeFlows(dir)),
                                List.of(BookinfoScenario.writeProxy(dir)),
                                BookinfoScenario.writeInventory(dir),
                                out,
                                CorrelateSettings.defaults()));

        Path archive = out.resolve("edges");
        EdgeArchiveReader reader = new EdgeArchiveReader(archive);
        ArchiveListing listing = reader.list(TimeRange.all());
        assertThat(listing.files())
                .isNotEmpty()
                .allSatisfy(
                        file -> {
                            assertThat(archive.relativize(file).toString())
                                    .startsWith("day=2026-11-20/hour=10/part-")
                                    .endsWith(".parquet");
                        });
        List<EdgeWindow> archived = new ArrayList<>();
        reader.forEach(TimeRange.all(), archived::add);
        assertThat(archived).hasSize((int) summary.edgeWindows());
        Map<String, Long> archivedVerdicts =
                archived.stream()
                        .collect(
                                Collectors.groupingBy(
                                        w -> w.verdict().name(),
                                        TreeMap::new,
                                        Collectors.counting()));
        summary.verdicts().forEach((verdict, count) -> archivedVerdicts.putIfAbsent(verdict, 0L));
        assertThat(archivedVerdicts).isEqualTo(summary.verdicts());
        EdgeWindow egress =
                archived.stream()
                        .filter(w -> w.verdict() == Verdict.BYPASS_EGRESS)
                        .findFirst()
                        .orElseThrow();
        assertThat(egress.source().workload()).isEqualTo("details-v1");
        assertThat(egress.destination().workload()).isEqualTo("203.0.113.50");
        assertThat(egress.kernel().processNames()).containsExactly("curl");
        assertThat(egress.windowStart()).isEqualTo(Instant.parse("2026-11-20T10:00:00Z"));
    }

    @Test
    void aSecondRunReplacesTheArchiveInsteadOfAddingToIt() throws Exception {
        Path out = dir.resolve("out");
        AnalyzeRequest request =
                new AnalyzeRequest(
                        List.of(BookinfoScenario.writeFlows(dir)),
                        List.of(BookinfoScenario.writeProxy(dir)),
                        BookinfoScenario.writeInventory(dir),
                        out,
                        CorrelateSettings.defaults());

        OfflineAnalyzer.run(request);
        AnalyzeSummary second = OfflineAnalyzer.run(request);

        assertThat(new EdgeArchiveReader(out.resolve("edges")).forEach(TimeRange.all(), w -> {}))
                .isEqualTo(second.edgeWindows());
    }

    @Test
    void refusesToReplaceAnEdgesFolderThatIsNotAnArchive() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("edges"));
        Files.writeString(out.resolve("edges/notes.txt"), "mine");

        assertThatThrownBy(
                        () ->
                                OfflineAnalyzer.run(
                                        new AnalyzeRequest(
                                                List.of(BookinfoScenario.writeFlows(dir)),
                                                List.of(BookinfoScenario.writeProxy(dir)),
                                                null,
                                                out,
                                                CorrelateSettings.defaults())))
                .isInstanceOf(AnalyzeException.class)
                .hasMessageContaining("notes.txt");
        assertThat(out.resolve("edges/notes.txt")).hasContent("mine");
    }

    @Test
    void aRunWithNoEdgeWindowsWritesAnEmptyArchiveInPlaceOfThePreviousOne() throws Exception {
        Path out = dir.resolve("out");
        Path proxy = BookinfoScenario.writeProxy(dir);
        OfflineAnalyzer.run(
                new AnalyzeRequest(
                        List.of(BookinfoScenario.writeFlows(dir)),
                        List.of(proxy),
                        null,
                        out,
                        CorrelateSettings.defaults()));
        assertThat(out.resolve("edges")).isNotEmptyDirectory();

        Path noFlows = Files.writeString(dir.resolve("empty.ndjson"), "");
        Path noRequests = Files.writeString(dir.resolve("empty.log"), "");
        AnalyzeSummary summary =
                OfflineAnalyzer.run(
                        new AnalyzeRequest(
                                List.of(noFlows),
                                List.of(noRequests),
                                null,
                                out,
                                CorrelateSettings.defaults()));

        assertThat(summary.edgeWindows()).isZero();
        assertThat(out.resolve("edges")).isEmptyDirectory();
        assertThat(out.resolve("findings.jsonl")).isEmptyFile();
        assertThat(JSON.readTree(out.resolve("summary.json").toFile()).get("edgeWindows").asLong())
                .isZero();
    }

    @Test
    void aRunThatFailsLeavesThePreviousOutputsAsTheyWere() throws Exception {
        Path out = dir.resolve("out");
        AnalyzeRequest request =
                new AnalyzeRequest(
                        List.of(BookinfoScenario.writeFlows(dir)),
                        List.of(BookinfoScenario.writeProxy(dir)),
                        null,
                        out,
                        CorrelateSettings.defaults());
        OfflineAnalyzer.run(request);
        Map<Path, String> before = contents(out);
        Path notAnInventory = Files.writeString(dir.resolve("pods.json"), "hi\n");

        assertThatThrownBy(
                        () ->
                                OfflineAnalyzer.run(
                                        new AnalyzeRequest(
                                                request.flows(),
                                                request.proxy(),
                                                notAnInventory,
                                                out,
                                                CorrelateSettings.defaults())))
                .isInstanceOf(AnalyzeException.class)
                .hasMessageStartingWith("cannot read inventory " + notAnInventory);

        assertThat(contents(out)).isEqualTo(before);
    }

    @Test
    void createsTheMissingParentsOfTheOutputFolder() throws Exception {
        Path out = dir.resolve("reports/2026/out");

        OfflineAnalyzer.run(
                new AnalyzeRequest(
                        List.of(BookinfoScenario.writeFlows(dir)),
                        List.of(BookinfoScenario.writeProxy(dir)),
                        null,
                        out,
                        CorrelateSettings.defaults()));

        assertThat(out.resolve("summary.json")).isRegularFile();
    }

    /** Every file under {@code folder} with its content, to compare a folder before and after. */
    private static Map<Path, String> contents(Path folder) throws IOException {
        Map<Path, String> all = new TreeMap<>();
        try (var walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                all.put(
                        folder.relativize(file),
                        Files.readString(file, StandardCharsets.ISO_8859_1));
            }
        }
        return all;
    }

    private static String edge(JsonNode finding) {
        JsonNode s = finding.get("source");
        JsonNode d = finding.get("destination");
        return s.get("namespace").asText()
                + "/"
                + s.get("workload").asText()
                + " -> "
                + d.get("namespace").asText()
                + "/"
                + d.get("workload").asText()
                + ":"
                + finding.get("port").asInt();
    }

    private static List<JsonNode> jsonLines(Path file) throws Exception {
        List<JsonNode> nodes = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }
}
