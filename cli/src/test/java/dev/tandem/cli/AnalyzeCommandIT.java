package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ingest.testing.ChildJvm;
import dev.tandem.ingest.testing.SharedFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tandem analyze} as a user runs it: a local Flink in this JVM, real sample files. */
class AnalyzeCommandIT {
    private static final String FLOWS =
            "formats/calico/flowlogs_tigera-docs_aggregation-examples.ndjson";
    private static final String PROXY =
            "formats/envoy/istio-io-docs/istio-io_access-log-task_sleep-httpbin.log";

    @TempDir Path dir;

    @Test
    void analyzesRealSamplesAndWritesTheThreeFiles() throws Exception {
        Path out = dir.resolve("out");
        CliRun run =
                CliRun.of(
                        "analyze",
                        "--flows",
                        shared("formats/calico/flowlogs_tigera-docs_aggregation-examples.ndjson"),
                        "--proxy",
                        shared(
                                "formats/envoy/istio-io-docs/istio-io_access-log-task_sleep-httpbin.log"),
                        "--out",
                        out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("results in " + out);
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("recordsRead").asLong()).isPositive();
        assertThat(summary.get("edgeWindows").asLong()).isPositive();
        assertThat(summary.get("verdicts").size()).isEqualTo(6);
        long findings =
                Files.readAllLines(out.resolve("findings.jsonl"), StandardCharsets.UTF_8).size();
        assertThat(findings).isEqualTo(summary.get("findings").asLong());
        assertThat(out.resolve("deadletter.jsonl")).exists();
    }

    @Test
    void recommendReadsTheArchiveThatAnalyzeWrote() throws Exception {
        Path out = dir.resolve("out");
        CliRun analyze =
                CliRun.of(
                        "analyze",
                        "--flows",
                        shared("formats/calico/flowlogs_tigera-docs_aggregation-examples.ndjson"),
                        "--proxy",
                        shared(
                                "formats/envoy/istio-io-docs/istio-io_access-log-task_sleep-httpbin.log"),
                        "--out",
                        out.toString());
        assertThat(analyze.exitCode()).as(analyze.err()).isZero();
        long edgeWindows =
                new ObjectMapper()
                        .readTree(out.resolve("summary.json").toFile())
                        .get("edgeWindows")
                        .asLong();
        assertThat(edgeWindows).isPositive();

        Path rec = dir.resolve("rec");
        CliRun recommend =
                CliRun.of(
                        "recommend",
                        "--archive",
                        out.resolve("edges").toString(),
                        "--all",
                        "--out",
                        rec.toString());

        assertThat(recommend.exitCode()).as(recommend.err()).isZero();
        assertThat(recommend.out()).startsWith(edgeWindows + " edge windows, ");
        assertThat(rec.resolve("recommendations.json")).isRegularFile();
        assertThat(rec.resolve("report.md")).isRegularFile();
    }

    @Test
    void anEdgesFolderHoldingOtherFilesIsAUserError() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("edges"));
        Files.writeString(out.resolve("edges/keep.txt"), "mine");

        CliRun run =
                CliRun.of(
                        "analyze",
                        "--flows",
                        shared("formats/calico/flowlogs_tigera-docs_aggregation-examples.ndjson"),
                        "--proxy",
                        shared(
                                "formats/envoy/istio-io-docs/istio-io_access-log-task_sleep-httpbin.log"),
                        "--out",
                        out.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("keep.txt").doesNotContain("Exception");
    }

    @Test
    void aRunWithNoEdgeWindowsWritesAnEmptyArchiveThatRecommendReads() throws Exception {
        // Parents missing on purpose: created, as recommend --out creates them.
        Path out = dir.resolve("reports/today/out");
        CliRun analyze =
                CliRun.of(
                        "analyze",
                        "--flows",
                        Files.writeString(dir.resolve("empty.ndjson"), "").toString(),
                        "--proxy",
                        shared("formats/envoy/github-issues/istio-issues_text-access-logs.log"),
                        "--out",
                        out.toString());
        assertThat(analyze.exitCode()).as(analyze.err()).isZero();
        assertThat(analyze.err()).contains(" 0 edge windows");
        assertThat(out.resolve("edges")).isEmptyDirectory();

        CliRun recommend =
                CliRun.of(
                        "recommend",
                        "--archive",
                        out.resolve("edges").toString(),
                        "--all",
                        "--out",
                        dir.resolve("rec").toString());

        assertThat(recommend.exitCode()).as(recommend.err()).isZero();
        assertThat(recommend.out()).startsWith("0 edge windows, ");
        assertThat(recommend.err()).contains("No edge windows in " + out.resolve("edges"));
    }

    @Test
    void anOutputThatCannotBeReplacedStopsTheRunBeforeItTouchesAnything() throws Exception {
        Path out = dir.resolve("out");
        assertThat(analyzeSamples(out).exitCode()).isZero();
        Map<Path, String> before = contents(out);
        // What the audit found: summary.json could not be replaced, and the run had already
        // replaced edges/ and findings.jsonl, and said only "analyze: analyze: .../summary.json".
        Files.delete(out.resolve("summary.json"));
        Files.createDirectory(out.resolve("summary.json"));
        before.remove(Path.of("summary.json"));

        CliRun run = analyzeSamples(out);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip())
                .isEqualTo(
                        "analyze: cannot replace "
                                + out.resolve("summary.json")
                                + ": it is a folder, not a file");
        assertThat(contents(out)).isEqualTo(before);
    }

    @Test
    void aKilledRunLeavesThePreviousResultsAndTheNextRunClearsUpAfterIt() throws Exception {
        Path out = dir.resolve("out");
        assertThat(analyzeSamples(out).exitCode()).isZero();
        Map<Path, String> before = contents(out);

        Process run =
                ChildJvm.start(
                        Tandem.class,
                        List.of(
                                "analyze",
                                "--flows",
                                shared(FLOWS),
                                "--proxy",
                                Files.writeString(dir.resolve("empty.log"), "").toString(),
                                "--out",
                                out.toString()),
                        dir.resolve("killed.log"));
        try {
            awaitStagingFolder(out, run);
        } finally {
            run.destroyForcibly().waitFor();
        }

        assertThat(stagingFolders(out)).as("the killed run's staging folder").hasSize(1);
        Map<Path, String> after = contents(out);
        after.keySet().removeIf(file -> file.startsWith(stagingFolders(out).get(0)));
        assertThat(after).isEqualTo(before);

        assertThat(analyzeSamples(out).exitCode()).isZero();
        assertThat(stagingFolders(out)).isEmpty();
        // The same inputs again: the same findings; the archive's part files have fresh names.
        assertThat(withoutArchive(contents(out))).isEqualTo(withoutArchive(before));
    }

    private static Map<Path, String> withoutArchive(Map<Path, String> contents) {
        Map<Path, String> rest = new TreeMap<>(contents);
        rest.keySet().removeIf(file -> file.startsWith("edges"));
        return rest;
    }

    private CliRun analyzeSamples(Path out) {
        return CliRun.of(
                "analyze",
                "--flows",
                shared(FLOWS),
                "--proxy",
                shared(PROXY),
                "--out",
                out.toString());
    }

    /** Waits until the run has opened its staging folder: it is then past its checks. */
    private static void awaitStagingFolder(Path out, Process run) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (stagingFolders(out).isEmpty()) {
            assertThat(run.isAlive())
                    .as("the run ended before it opened its staging folder")
                    .isTrue();
            assertThat(System.nanoTime()).as("no staging folder within 60 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    private static List<Path> stagingFolders(Path out) {
        try (Stream<Path> entries = Files.list(out)) {
            return entries.map(out::relativize)
                    .filter(name -> name.toString().startsWith(".tandem-analyze-"))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file under {@code folder}, relative, with its bytes: a folder before and after. */
    private static Map<Path, String> contents(Path folder) throws IOException {
        Map<Path, String> all = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                all.put(
                        folder.relativize(file),
                        Files.readString(file, StandardCharsets.ISO_8859_1));
            }
        }
        return all;
    }

    private static String shared(String relative) {
        return SharedFiles.path(relative).toString();
    }
}
