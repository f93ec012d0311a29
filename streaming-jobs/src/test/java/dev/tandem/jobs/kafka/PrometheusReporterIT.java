package dev.tandem.jobs.kafka;

import static dev.tandem.jobs.correlate.ShopLines.aggregatedFlow;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.jobs.correlate.CorrelateSettings;
import dev.tandem.kafka.embedded.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code tandem correlate} on a cluster with the Prometheus reporter of {@code
 * deploy/flink/metrics.yaml}, on a free port: while the job runs, {@code /metrics} serves Tandem's
 * metrics under the names {@code docs/correlation.md} lists.
 */
class PrometheusReporterIT {
    private static final int PORT = freePort();
    // Tests run in the module's folder; deploy/ is beside it.
    private static final Path DEPLOYED = Path.of("..", "deploy", "flink", "metrics.yaml");
    private static final Pattern SETTING = Pattern.compile("^([a-z][a-z0-9.\\-]*):\\s*(\\S.*)$");

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(prometheus())
                            .build());

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final String PREFIX = "flink_taskmanager_job_task_operator_tandem_";

    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafkaBroker.builder().build().start();
    }

    @AfterAll
    static void closeBroker() {
        kafka.close();
    }

    @Test
    void reporterServesTandemMetricsWhileTheJobRuns() throws Exception {
        KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers());
        KafkaTopicNames topics = client.freshTopics("prometheus");
        client.produce(
                topics.flowsRaw(),
                "node-a:flows.log",
                aggregatedFlow(
                        "checkoutservice-598d5b586d-*",
                        "shippingservice-6c9b8c7d5f-*",
                        50051,
                        "src",
                        T0),
                "{\"start_time\": 17639");
        client.produce(
                topics.flowsRaw(),
                "node-b:flows.log",
                aggregatedFlow(
                        "frontend-6b9d8f7c4d-*",
                        "adservice-5d8c8d7b9f-*",
                        9555,
                        "src",
                        T0.plusSeconds(3600)));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(200, CheckpointingMode.EXACTLY_ONCE);
        CorrelateSettings defaults = CorrelateSettings.defaults();
        new KafkaCorrelation(
                        new KafkaCorrelateSettings(
                                kafka.bootstrapServers(),
                                "prometheus-it",
                                "prometheus-it",
                                Duration.ofHours(1),
                                null,
                                false),
                        new CorrelateSettings(
                                defaults.window(),
                                defaults.slack(),
                                defaults.outOfOrderness(),
                                Duration.ofSeconds(1)),
                        topics)
                .addTo(env);
        JobClient running = env.executeAsync("prometheus-it");
        String scraped;
        try {
            client.awaitCommitted(topics.edges(), 1);
            scraped = scrape();
        } finally {
            running.cancel().get();
        }

        assertThat(scraped)
                .contains(PREFIX + "source_recordsIn{")
                .contains("source=\"flows\"")
                .contains("source=\"proxy\"")
                .contains("source=\"inventory\"")
                .contains(PREFIX + "reason_deadLetters{")
                .contains("reason=\"MALFORMED_JSON\"")
                .contains(PREFIX + "verdict_verdicts{")
                .contains("verdict=\"BYPASS_EGRESS\"")
                .contains(PREFIX + "source_watermarkLagMillis{")
                .contains(PREFIX + "decoderStreams{")
                .contains(PREFIX + "inventoryIps{")
                .contains(PREFIX + "inventoryEntries{")
                .contains(PREFIX + "pendingEvidence{")
                .contains(PREFIX + "openEdges{")
                .contains(PREFIX + "openWindows{");
        assertThat(scraped)
                .as("one BYPASS_EGRESS window judged")
                .containsPattern(
                        PREFIX + "verdict_verdicts\\{[^}]*verdict=\"BYPASS_EGRESS\"[^}]*\\} 1\\.0");
    }

    /**
     * {@code /metrics} once the verdict counters are there (the reporter sees operators as they
     * open).
     */
    private static String scrape() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request =
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORT + "/metrics")).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            if (body.matches("(?s).*verdict=\"BYPASS_EGRESS\"[^}]*\\} 1\\.0.*")) {
                return body;
            }
            assertThat(System.nanoTime()).as("verdict counted in /metrics").isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    /**
     * The settings of {@code deploy/flink/metrics.yaml} (flat {@code key: value} lines), with the
     * port moved to a free one.
     */
    private static Configuration prometheus() {
        Configuration config = new Configuration();
        try {
            for (String line : Files.readAllLines(DEPLOYED)) {
                Matcher setting = SETTING.matcher(line);
                if (setting.matches()) {
                    config.setString(setting.group(1), setting.group(2).trim());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(config.toMap())
                .containsEntry(
                        "metrics.reporter.prom.factory.class",
                        "org.apache.flink.metrics.prometheus.PrometheusReporterFactory")
                .containsKey("metrics.reporter.prom.port");
        config.setString("metrics.reporter.prom.port", Integer.toString(PORT));
        return config;
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
