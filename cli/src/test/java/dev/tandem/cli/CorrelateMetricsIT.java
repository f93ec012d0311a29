package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.kafka.Topics;
import dev.tandem.ingest.testing.ChildJvm;
import dev.tandem.ingest.testing.KafkaBrokerExtension;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem correlate --metrics-port} as a real child process: Prometheus can scrape the job's
 * own metrics from the local MiniCluster, and they count what the job read.
 */
class CorrelateMetricsIT {
    private static final Pattern FLOWS_READ =
            Pattern.compile(
                    "^flink_taskmanager_job_task_operator_tandem_source_recordsIn\\{[^}]*"
                            + "source=\"flows\"[^}]*\\} ([0-9.E]+)$",
                    Pattern.MULTILINE);
    @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @TempDir Path dir;

    @Test
    void prometheusScrapesTheLinesTheJobRead() throws Exception {
        int port = freePort();
        Process correlate = correlate(port);
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
            String scraped = awaitScrape(http, metrics, correlate, 0);
            assertThat(output())
                    .as("the banner says where the reporter listens")
                    .contains("metrics on port " + port + " of every interface");
            assertThat(scraped)
                    .as("every dead-letter reason is registered up front")
                    .contains("flink_taskmanager_job_task_operator_tandem_reason_deadLetters");

            try (KafkaProducer<byte[], byte[]> producer = producer()) {
                for (int i = 0; i < 3; i++) {
                    producer.send(
                            new ProducerRecord<>(
                                    Topics.FLOWS_RAW.name(),
                                    ("node-a:/var/log/flows.log").getBytes(StandardCharsets.UTF_8),
                                    ("not a flow log " + i).getBytes(StandardCharsets.UTF_8)));
                }
            }
            assertThat(flowsRead(awaitScrape(http, metrics, correlate, 3)))
                    .as("the three lines read from tandem.flows.raw, no more")
                    .isEqualTo(3.0);
        } finally {
            correlate.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Scrapes until the flows input has read at least {@code lines}; fails after 90 s. */
    private String awaitScrape(HttpClient http, URI metrics, Process correlate, int lines)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            assertThat(correlate.isAlive()).as("correlate runs: " + output()).isTrue();
            try {
                last =
                        http.send(
                                        HttpRequest.newBuilder(metrics)
                                                .timeout(Duration.ofSeconds(5))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body();
                if (flowsRead(last) >= lines) {
                    return last;
                }
            } catch (IOException notListeningYet) {
                // The reporter starts with the MiniCluster, a few seconds after the process.
            }
            Thread.sleep(200);
        }
        throw new AssertionError(
                "no scrape showed " + lines + " flow lines read; last scrape:\n" + last);
    }

    /** The flows input's lines read, summed over subtasks; -1 before the operator registered it. */
    private static double flowsRead(String scrape) {
        Matcher counter = FLOWS_READ.matcher(scrape);
        double sum = -1;
        while (counter.find()) {
            sum = Math.max(sum, 0) + Double.parseDouble(counter.group(1));
        }
        return sum;
    }

    private Process correlate(int port) throws IOException {
        return ChildJvm.start(
                Tandem.class,
                List.of(
                        "correlate",
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--create-topics",
                        "--parallelism",
                        "1",
                        "--checkpoint-dir",
                        dir.resolve("checkpoints").toString(),
                        "--metrics-port",
                        Integer.toString(port)),
                dir.resolve("correlate.log"));
    }

    private String output() {
        try {
            return Files.readString(dir.resolve("correlate.log"));
        } catch (IOException e) {
            return "(no output: " + e + ")";
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
