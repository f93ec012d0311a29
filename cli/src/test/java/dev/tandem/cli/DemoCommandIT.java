package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.scenario.ScenarioFiles;
import dev.tandem.scenario.ScenarioGenerator;
import dev.tandem.scenario.ScenarioSpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem demo} end to end, in-process, on a one-hour scenario: a real embedded broker, the
 * real shipper, the streaming correlate job on a MiniCluster, the recommender. Checks what a user
 * sees (stages, alerts, the summary) and what stays behind (only --out).
 */
class DemoCommandIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern KAFKA = Pattern.compile("Kafka at 127\\.0\\.0\\.1:(\\d+)");
    private static final Pattern SCRATCH = Pattern.compile("checkpoints in (\\S+);");

    @TempDir Path dir;

    @Test
    void runsTheWholePipelineAndFindsExactlyTheInjectedAnomalies() throws Exception {
        Path out = dir.resolve("demo");

        CliRun run = CliRun.of("demo", "--out", out.toString(), "--hours", "1");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        for (int stage = 1; stage <= 7; stage++) {
            assertThat(run.out()).contains("[" + stage + "/7] ");
        }
        assertThat(run.out())
                .contains(
                        "Found 7 findings: 2 BYPASS_EGRESS, 2 BYPASS_INGRESS, 1 PLAINTEXT, 2 DENIED;"
                                + " 5 of 5 injected anomalies caught, nothing else.")
                .containsPattern(
                        "Judged \\d+ edge windows on \\d+ edges: \\d+ MEDIATED, \\d+ UNMESHED\\.")
                .containsPattern(
                        "Wrote \\d+ policy files \\(\\d+ L3/L4 rules, \\d+ Istio policies\\)")
                .contains("Report:   " + out.resolve("recommendations/report.html"));

        ScenarioFiles expected =
                ScenarioGenerator.generate(
                        ScenarioSpec.defaults().withHours(1), dir.resolve("same"));
        List<EdgeWindow> windows = ScenarioVerdicts.read(out.resolve("edges"));
        ScenarioVerdicts.assertMatches(windows, expected.injections());

        // One alert per edge and verdict (the re-alert period, 1 h, folds adjacent windows),
        // each posted by the notifier to the local webhook and printed as it arrived.
        List<JsonNode> messages = new ArrayList<>();
        for (String line : Files.readAllLines(out.resolve("alerts.jsonl"))) {
            messages.add(JSON.readTree(line));
        }
        assertThat(messages).allSatisfy(m -> assertThat(m.get("alertIds")).hasSize(1));
        assertThat(messages)
                .extracting(m -> m.get("alertIds").get(0).asText())
                .doesNotHaveDuplicates();
        assertThat(messages)
                .extracting(m -> m.get("text").asText().lines().findFirst().orElseThrow())
                .containsExactlyInAnyOrder(
                        "CRITICAL: Sidecar bypass (egress): bookinfo/ratings-v1 sent traffic to"
                                + " 203.0.113.50 (external) on tcp/443; the kernel saw it leave, the"
                                + " source's sidecar never sent it",
                        "CRITICAL: Sidecar bypass (ingress): tools/netshoot reached"
                                + " bookinfo/reviews-v3 on tcp/5005; the kernel let it in, the"
                                + " destination's sidecar never saw it",
                        "HIGH: Plaintext: legacy/batch-client called bookinfo/productpage-v1 on"
                                + " tcp/9080 without mTLS; the caller's identity is unproven",
                        "LOW: Denied: the kernel layer blocked tools/netshoot from reaching"
                                + " bookinfo/ratings-v1 on tcp/3306",
                        "LOW: Denied: the kernel layer blocked tools/netshoot from reaching"
                                + " bookinfo/details-v1 on tcp/9080");
        assertThat(run.out())
                .contains("webhook <- CRITICAL: Sidecar bypass (egress): bookinfo/ratings-v1")
                .contains("window 2026-11-20 08:20-08:25 UTC")
                .contains("5 alerts on tandem.alerts, 5 webhook messages");

        assertThat(out.resolve("recommendations/report.html")).isNotEmptyFile();
        assertThat(out.resolve("recommendations/policies/calico/bookinfo.yaml")).isNotEmptyFile();
        assertThat(out.resolve("recommendations/policies/kubernetes/bookinfo.yaml"))
                .isNotEmptyFile();
        assertThat(Files.readAllLines(out.resolve("summary.txt"))).hasSize(3);
        assertThat(Files.readAllBytes(out.resolve("scenario/scenario.json")))
                .isEqualTo(Files.readAllBytes(expected.manifest()));

        // Cleaned up: the broker is down and no scratch folder is left.
        Matcher kafka = KAFKA.matcher(run.out());
        assertThat(kafka.find()).isTrue();
        assertThat(accepts(Integer.parseInt(kafka.group(1)))).isFalse();
        Matcher scratch = SCRATCH.matcher(run.out());
        assertThat(scratch.find()).isTrue();
        assertThat(Path.of(scratch.group(1))).doesNotExist();
    }

    @Test
    void refusesAFolderThatHoldsSomethingElse() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "mine");

        CliRun run = CliRun.of("demo", "--out", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("holds no previous demo: pick an empty folder");
        assertThat(dir.resolve("notes.txt")).hasContent("mine");
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
