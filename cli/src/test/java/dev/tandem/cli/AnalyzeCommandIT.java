package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ingest.testing.SharedFiles;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tandem analyze} as a user runs it: a local Flink in this JVM, real sample files. */
class AnalyzeCommandIT {
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

    private static String shared(String relative) {
        return SharedFiles.path(relative).toString();
    }
}
