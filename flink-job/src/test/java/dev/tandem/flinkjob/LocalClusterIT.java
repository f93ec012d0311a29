package dev.tandem.flinkjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ingest.archive.EdgeArchiveReader;
import dev.tandem.ingest.archive.TimeRange;
import dev.tandem.ingest.model.EdgeWindow;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job jar on a real standalone Flink session cluster: {@code deploy/local/e2e.sh} starts a
 * Kafka broker and the JobManager and TaskManager as separate JVMs, submits {@code
 * tandem-flink-job.jar} through the REST API, ships the Bookinfo scenario ({@code
 * deploy/local/scenarios/bookinfo}: the same files as streaming-jobs' {@code BookinfoScenario})
 * with {@code tandem ship}, and runs {@code tandem recommend} on the archive. It keeps the cluster
 * running so that this test can look at the job, the topics, the archive and the policies; {@code
 * stop.sh} stops everything afterwards, whatever happened.
 */
class LocalClusterIT {
    /** The scenario's one window. */
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    /** e2e.sh gives up by itself after this; the test waits a little longer for its clean-up. */
    private static final int SCRIPT_TIMEOUT_SECONDS = 240;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A line e2e.sh and start.sh log themselves; Flink's own log lines have {@code HH:MM:SS,mmm}.
     */
    private static final Pattern STEP_LINE = Pattern.compile("\\d\\d:\\d\\d:\\d\\d ");

    @TempDir Path state;

    private Path local;

    @BeforeEach
    void findScripts() {
        assumeTrue(
                !System.getProperty("os.name").toLowerCase().startsWith("windows"),
                "deploy/local is bash with setsid: Linux and macOS only");
        local = DeployLocal.scripts();
        assumeTrue(
                Files.isExecutable(Path.of("/usr/bin/setsid"))
                        || Files.isExecutable(Path.of("/bin/setsid")),
                "deploy/local starts its processes with setsid (util-linux), not installed here");
    }

    @AfterEach
    void stopEverything() throws Exception {
        if (local != null) {
            run(
                    List.of(local.resolve("stop.sh").toString(), "--state-dir", state.toString()),
                    60,
                    new ArrayList<>());
        }
    }

    @Test
    void theJobJarJudgesBookinfoOnASessionClusterAndRecommendPolicies() throws Exception {
        List<String> output = new ArrayList<>();
        int exit =
                run(
                        List.of(
                                local.resolve("e2e.sh").toString(),
                                "--state-dir",
                                state.toString(),
                                "--timeout",
                                Integer.toString(SCRIPT_TIMEOUT_SECONDS),
                                "--keep-running"),
                        SCRIPT_TIMEOUT_SECONDS + 30,
                        output);
        assertThat(exit)
                .as("e2e.sh exit status; its steps and the errors in its logs:%n%s", digest(output))
                .isZero();

        Properties ports = new Properties();
        try (var in = Files.newBufferedReader(state.resolve("ports.env"))) {
            ports.load(in);
        }
        String bootstrap = "127.0.0.1:" + ports.getProperty("KAFKA_PORT");
        String rest = "http://127.0.0.1:" + ports.getProperty("FLINK_REST_PORT");
        String jobId = Files.readString(state.resolve("job-id")).trim();

        assertThat(get(rest + "/jobs/" + jobId))
                .as("the job on the session cluster")
                .contains("\"name\":\"" + CorrelateJobMain.JOB_NAME + "\"")
                .contains("\"state\":\"RUNNING\"");
        assertThat(get(rest + "/taskmanagers")).contains("\"slotsNumber\":2");

        List<JsonNode> edges = CommittedTopic.read(bootstrap, "tandem.edges");
        assertThat(edges.stream().filter(LocalClusterIT::inScenarioWindow).map(this::edge))
                .containsExactlyInAnyOrder(
                        "MEDIATED bookinfo/productpage-v1 -> bookinfo/details-v1:9080",
                        "MEDIATED bookinfo/productpage-v1 -> bookinfo/reviews-v1:9080",
                        "MEDIATED bookinfo/productpage-v1 -> null/198.51.100.7:443",
                        "MEDIATED null/node-1 -> bookinfo/ratings-v1:15021",
                        "BYPASS_INGRESS legacy/client -> bookinfo/ratings-v1:9080",
                        "BYPASS_EGRESS bookinfo/details-v1 -> null/203.0.113.50:443",
                        "PLAINTEXT legacy/client -> bookinfo/productpage-v1:9080",
                        "DENIED legacy/client -> bookinfo/reviews-v1:9080");
        // e2e.sh's clock records (an hour later) open windows of their own, judged only once
        // event time passes them: they may be there, nothing else may.
        assertThat(edges.stream().filter(e -> !inScenarioWindow(e)))
                .allSatisfy(e -> assertThat(e.toString()).contains("tandem-e2e-clock"));

        List<JsonNode> alerts = CommittedTopic.read(bootstrap, "tandem.alerts");
        assertThat(alerts.stream().map(this::edge))
                .containsExactlyInAnyOrder(
                        "BYPASS_INGRESS legacy/client -> bookinfo/ratings-v1:9080",
                        "BYPASS_EGRESS bookinfo/details-v1 -> null/203.0.113.50:443",
                        "PLAINTEXT legacy/client -> bookinfo/productpage-v1:9080",
                        "DENIED legacy/client -> bookinfo/reviews-v1:9080");
        assertThat(alerts)
                .allSatisfy(a -> assertThat(a.get("alertId").asText()).matches("[0-9a-f]{32}"));
        assertThat(webhookAlertIds(alerts.size()))
                .as("alert ids delivered by tandem notify to the local webhook")
                .containsExactlyInAnyOrderElementsOf(
                        alerts.stream().map(a -> a.get("alertId").asText()).toList());

        Path archive = state.resolve("archive");
        assertThat(new EdgeArchiveReader(archive).list(TimeRange.all()).files())
                .isNotEmpty()
                .allSatisfy(f -> assertThat(f.getFileName().toString()).endsWith(".parquet"));
        List<EdgeWindow> archived = new ArrayList<>();
        new EdgeArchiveReader(archive).forEach(TimeRange.all(), archived::add);
        assertThat(archived.stream().filter(w -> w.windowStart().equals(T0)))
                .as("archived windows of the scenario")
                .hasSize(8);

        Path policies = state.resolve("recommend/policies");
        String istio = Files.readString(policies.resolve("istio/bookinfo.yaml"));
        assertThat(istio)
                .contains("kind: \"AuthorizationPolicy\"")
                .contains("name: \"tandem-details-v1\"")
                .contains("name: \"tandem-reviews-v1\"")
                .contains("- \"cluster.local/ns/bookinfo/sa/bookinfo-productpage\"")
                // Bypassing and plaintext callers are never allowed: they need review.
                .doesNotContain("sa/bookinfo-client");
        try (Stream<Path> files = Files.list(policies.resolve("calico"))) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .contains("bookinfo.yaml", "legacy.yaml");
        }
        assertThat(state.resolve("recommend/report.md")).isNotEmptyFile();
    }

    /**
     * The alert ids in the generic-format messages the webhook received, once there are {@code
     * expected} of them (notify posts each edge's first alert at once; it may still be posting).
     */
    private List<String> webhookAlertIds(int expected) throws IOException, InterruptedException {
        Path received = state.resolve("webhook/received.jsonl");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> ids = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            ids.clear();
            if (Files.exists(received)) {
                for (String line : Files.readAllLines(received, StandardCharsets.UTF_8)) {
                    JSON.readTree(line).get("alertIds").forEach(id -> ids.add(id.asText()));
                }
            }
            if (ids.size() >= expected) {
                break;
            }
            Thread.sleep(200);
        }
        return ids;
    }

    private static boolean inScenarioWindow(JsonNode window) {
        return window.get("windowStart").asText().equals(T0.toString());
    }

    private String edge(JsonNode w) {
        return w.get("verdict").asText()
                + " "
                + endpoint(w.get("source"))
                + " -> "
                + endpoint(w.get("destination"))
                + ":"
                + w.get("port").asInt();
    }

    private static String endpoint(JsonNode e) {
        JsonNode namespace = e.get("namespace");
        return (namespace == null || namespace.isNull() ? "null" : namespace.asText())
                + "/"
                + e.get("workload").asText();
    }

    private static String get(String url) throws IOException, InterruptedException {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(URI.create(url))
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).as("GET " + url).isEqualTo(200);
        return response.body();
    }

    /**
     * The script's own step lines ({@code HH:MM:SS message}) and the first exception lines of the
     * logs it prints on a failure: a build log shown only in part still says where and why it
     * failed.
     */
    private static String digest(List<String> output) {
        List<String> lines;
        synchronized (output) {
            lines = List.copyOf(output);
        }
        Stream<String> steps = lines.stream().filter(l -> STEP_LINE.matcher(l).lookingAt());
        Stream<String> errors =
                lines.stream()
                        .filter(l -> l.contains("Exception") || l.contains("ERROR"))
                        .distinct()
                        .limit(10);
        return Stream.concat(steps, errors)
                .map(l -> l.length() > 300 ? l.substring(0, 300) + "..." : l)
                .collect(Collectors.joining(System.lineSeparator()));
    }

    /**
     * Runs a script with its output copied into the test's output (so the build log shows every
     * step, and on a failure the logs e2e.sh prints) and into {@code output}; past {@code seconds}
     * kills it and every process it started that is still attached to it.
     */
    private static int run(List<String> command, int seconds, List<String> output)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread copier =
                new Thread(
                        () -> {
                            try (BufferedReader out = process.inputReader()) {
                                out.lines()
                                        .forEach(
                                                line -> {
                                                    System.out.println(line);
                                                    synchronized (output) {
                                                        output.add(line);
                                                    }
                                                });
                            } catch (IOException e) {
                                System.out.println("(output lost: " + e + ")");
                            }
                        },
                        "script-output");
        copier.start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(command.get(0) + " did not finish in " + seconds + " s");
        }
        copier.join(TimeUnit.SECONDS.toMillis(10));
        return process.exitValue();
    }
}
