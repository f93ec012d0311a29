package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tandem.ingest.kafka.TopicAdmin;
import dev.tandem.ingest.kafka.TopicOverrides;
import dev.tandem.ingest.kafka.Topics;
import dev.tandem.kafka.embedded.EmbeddedKafkaBroker;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem notify} end to end: an alert record on the real embedded broker's {@code
 * tandem.alerts} reaches a real local Slack-format webhook, and Ctrl-C (an interrupt) ends the
 * command with its counts and exit status 0.
 */
class NotifyCommandIT {
    private static final String ALERT =
            "{\"alertId\":\"0123456789abcdef0123456789abcdef\",\"verdict\":\"BYPASS_INGRESS\","
                    + "\"source\":{\"namespace\":\"shop\",\"workload\":\"checkout\",\"kind\":\"workload\",\"meshed\":false},"
                    + "\"destination\":{\"namespace\":\"payments\",\"workload\":\"paymentservice\",\"kind\":\"workload\",\"meshed\":true},"
                    + "\"port\":50051,\"protocol\":\"tcp\",\"windowStart\":\"2026-11-20T10:00:00Z\","
                    + "\"windowEnd\":\"2026-11-20T10:05:00Z\",\"confidence\":0.95,\"evidence\":{\"reason\":\"r\","
                    + "\"kernel\":{\"sourceReportedFlows\":3,\"destinationReportedFlows\":3},\"proxy\":{}}}";

    @TempDir Path dir;

    @Test
    void postsAnAlertFromKafkaToTheWebhookAndStopsCleanly() throws Exception {
        List<String> bodies = new CopyOnWriteArrayList<>();
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                "/services/T0/B0/token",
                exchange -> {
                    bodies.add(
                            new String(
                                    exchange.getRequestBody().readAllBytes(),
                                    StandardCharsets.UTF_8));
                    exchange.sendResponseHeaders(200, -1);
                    exchange.close();
                });
        server.start();
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().build().start()) {
            try (Admin admin =
                    Admin.create(
                            Map.of(
                                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                    kafka.bootstrapServers()))) {
                new TopicAdmin(admin, Duration.ofSeconds(30))
                        .ensureTopics(Topics.ALL, TopicOverrides.none())
                        .requireCompatible();
            }
            try (KafkaProducer<String, String> producer =
                    new KafkaProducer<>(
                            Map.of("bootstrap.servers", kafka.bootstrapServers()),
                            new StringSerializer(),
                            new StringSerializer())) {
                producer.send(new ProducerRecord<>(Topics.ALERTS.name(), "k", ALERT)).get();
            }
            Path urlFile =
                    Files.writeString(
                            dir.resolve("slack.url"),
                            "http://127.0.0.1:"
                                    + server.getAddress().getPort()
                                    + "/services/T0/B0/token\n");
            AtomicReference<CliRun> run = new AtomicReference<>();
            Thread command =
                    new Thread(
                            () ->
                                    run.set(
                                            CliRun.of(
                                                    "notify",
                                                    "--bootstrap-servers",
                                                    kafka.bootstrapServers(),
                                                    "--webhook-url-file",
                                                    urlFile.toString(),
                                                    "--format",
                                                    "slack",
                                                    "--stats-interval",
                                                    "0")));
            command.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (bodies.isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            command.interrupt();
            command.join(Duration.ofSeconds(30).toMillis());

            assertThat(bodies).hasSize(1);
            assertThat(bodies.get(0))
                    .contains(
                            "\"mrkdwn\":false",
                            "Sidecar bypass (ingress): shop/checkout reached payments/paymentservice");
            assertThat(run.get().exitCode()).isZero();
            assertThat(run.get().err())
                    .contains("notify: posting alerts from tandem.alerts to chat (slack)")
                    .contains("notify: 1 alerts read, 1 delivered in 1 messages")
                    .doesNotContain("0 alerts read")
                    .doesNotContain("token");
        } finally {
            server.stop(0);
        }
    }
}
