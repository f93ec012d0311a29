package dev.tandem.ingest.ship;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.detect.LogKind;
import dev.tandem.ingest.kafka.KafkaStartupCheck;
import dev.tandem.ingest.kafka.Topics;
import dev.tandem.ingest.testing.KafkaBrokerExtension;
import dev.tandem.ingest.testing.SharedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The shipper against a real broker: files in, records out, nothing lost. One broker per class. */
class ShipperIT {
    private static final String NODE = "node-a";
    private static final List<String> SAMPLES =
            List.of(
                    "formats/calico/flowlogs_tigera-docs_aggregation-examples.ndjson",
                    "formats/calico/flowlogs_tigera-docs_host-forwarded-examples.ndjson",
                    "formats/calico/felix-syslog_observability-clinic_hep-deny.log",
                    "formats/envoy/elastic-integrations-istio/test-access-logs.log",
                    "formats/envoy/elastic-integrations-istio/test-access-json-logs.log",
                    "formats/envoy/elastic-integrations-istio/test-access_container_logs.log",
                    "formats/envoy/github-issues/istio-issues_text-access-logs.log",
                    "formats/envoy/github-issues/ztunnel-ambient_access-log.log",
                    "formats/fluent-bit/filter_kubernetes_out_core_base.out");

    @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @TempDir Path dir;

    @BeforeAll
    static void createTopics() {
        KafkaStartupCheck.requireTopics(
                kafka.bootstrapServers(), Duration.ofSeconds(30), ShipTopics.WRITTEN, true);
    }

    @Test
    void everyLineOfTheSampleFilesArrivesOnceInOrderPerKey() throws Exception {
        List<Path> files = new ArrayList<>();
        for (String sample : SAMPLES) {
            Path copy = dir.resolve("samples").resolve(Path.of(sample).getFileName());
            Files.createDirectories(copy.getParent());
            files.add(Files.copy(SharedFiles.path(sample), copy));
        }
        try (Shipper shipper = Shipper.start(settings(LogKind.AUTO, dir.resolve("state")))) {
            shipper.shipFiles(files, false);
        }

        Map<String, List<String>> flows = read(Topics.FLOWS_RAW.name());
        Map<String, List<String>> proxy = read(Topics.PROXY_RAW.name());
        Map<String, List<String>> dead =
                TopicContents.deadLetterOriginals(
                        kafka.bootstrapServers(), Topics.DEADLETTER.name());
        for (Path file : files) {
            String key = keyOf(file);
            List<String> lines = nonBlankLines(file);
            List<String> f = flows.getOrDefault(key, List.of());
            List<String> p = proxy.getOrDefault(key, List.of());
            List<String> d = dead.getOrDefault(key, List.of());
            assertThat(isSubsequence(f, lines)).as("flows of %s in file order", file).isTrue();
            assertThat(isSubsequence(p, lines)).as("proxy of %s in file order", file).isTrue();
            assertThat(isSubsequence(d, lines)).as("dead letters of %s in order", file).isTrue();
            List<String> all = new ArrayList<>(f);
            all.addAll(p);
            all.addAll(d);
            assertThat(all).as("every line of %s exactly once", file).hasSameSizeAs(lines);
            assertThat(all).containsExactlyInAnyOrderElementsOf(lines);
        }
        assertThat(flows.get(keyOf(files.get(0)))).hasSize(nonBlankLines(files.get(0)).size());
        assertThat(proxy.get(keyOf(files.get(3)))).hasSize(nonBlankLines(files.get(3)).size());
        assertThat(dead.get(keyOf(files.get(2)))).hasSize(nonBlankLines(files.get(2)).size());
        assertThat(dead.get(keyOf(files.get(7)))).hasSize(1);
    }

    @Test
    void aRestartResumesAfterTheSavedOffsetAndShipsOnlyNewLines() throws Exception {
        Path file = dir.resolve("resume.log");
        List<String> first = envoyLines("first", 50);
        Files.write(file, first, StandardCharsets.UTF_8);
        try (Shipper shipper = Shipper.start(settings(LogKind.ENVOY, dir.resolve("state")))) {
            shipper.shipFiles(List.of(file), false);
        }
        List<String> second = envoyLines("second", 30);
        Files.write(file, second, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        Shipper resumed = Shipper.start(settings(LogKind.ENVOY, dir.resolve("state")));
        try (resumed) {
            resumed.shipFiles(List.of(file), false);
            assertThat(resumed.counters().lines()).isEqualTo(30);
        }
        // What tandem ship prints at the end, once closed: every line acknowledged, none waiting.
        assertThat(resumed.summaryLine())
                .startsWith("shipped 30 lines (")
                .endsWith("acknowledged 30, waiting 0, file lag 0 bytes");
        List<String> expected = new ArrayList<>(first);
        expected.addAll(second);
        assertThat(read(Topics.PROXY_RAW.name()).get(keyOf(file)))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void aBrokerStoppedAndRestartedMidStreamLosesNothing() throws Exception {
        Path file = dir.resolve("outage.log");
        List<String> lines = envoyLines("outage", 60_000);
        Files.write(file, lines, StandardCharsets.UTF_8);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (Shipper shipper = Shipper.start(settings(LogKind.ENVOY, dir.resolve("state")))) {
            Thread shipping =
                    new Thread(
                            () -> {
                                try {
                                    shipper.shipFiles(List.of(file), false);
                                } catch (Throwable t) {
                                    failure.set(t);
                                }
                            });
            shipping.start();
            waitUntil(() -> shipper.acknowledged() > 1_000, Duration.ofSeconds(30));
            kafka.broker().stop();
            Thread.sleep(2_000);
            assertThat(shipping.isAlive()).as("shipping blocks while Kafka is down").isTrue();
            kafka.broker().restart();
            shipping.join(Duration.ofSeconds(90).toMillis());
            assertThat(shipping.isAlive()).isFalse();
        }
        assertThat(failure.get()).isNull();
        assertThat(read(Topics.PROXY_RAW.name()).get(keyOf(file))).containsExactlyElementsOf(lines);
    }

    @Test
    void followingReadsAcrossRotationAndTruncation() throws Exception {
        Path file = dir.resolve("follow.log");
        List<String> before = envoyLines("before", 20);
        List<String> rotated = envoyLines("rotated", 15);
        List<String> truncated = envoyLines("truncated", 10);
        Files.write(file, before, StandardCharsets.UTF_8);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        try (Shipper shipper = Shipper.start(settings(LogKind.ENVOY, dir.resolve("state")))) {
            Thread following =
                    new Thread(
                            () -> {
                                try {
                                    shipper.shipFiles(List.of(file), true);
                                } catch (InterruptedException e) {
                                    // stopped by the test
                                } catch (Throwable t) {
                                    failure.set(t);
                                }
                            });
            following.start();
            waitUntil(() -> shipper.acknowledged() == 20, Duration.ofSeconds(30));
            // An unterminated line is held back until it is complete.
            Files.writeString(
                    file, "[2024-01-01T00:00:00.000Z] partial", StandardOpenOption.APPEND);
            Thread.sleep(500);
            assertThat(shipper.counters().lines()).isEqualTo(20);
            Files.writeString(file, " line\n", StandardOpenOption.APPEND);
            waitUntil(() -> shipper.acknowledged() == 21, Duration.ofSeconds(30));

            Files.move(file, dir.resolve("follow.log.1"));
            Files.write(file, rotated, StandardCharsets.UTF_8);
            waitUntil(() -> shipper.acknowledged() == 36, Duration.ofSeconds(30));

            Files.write(
                    file, truncated, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
            waitUntil(() -> shipper.acknowledged() == 46, Duration.ofSeconds(30));
            following.interrupt();
            following.join(10_000);
        }
        assertThat(failure.get()).isNull();
        List<String> expected = new ArrayList<>(before);
        expected.add("[2024-01-01T00:00:00.000Z] partial line");
        expected.addAll(rotated);
        expected.addAll(truncated);
        assertThat(read(Topics.PROXY_RAW.name()).get(keyOf(file)))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void aLineOverTheCapBecomesADeadLetterWithItsPrefix() throws Exception {
        Path file = dir.resolve("huge.log");
        String huge = "x".repeat(3 * 1024 * 1024);
        Files.writeString(file, "{\"reporter\":\"src\"}\n" + huge + "\n{\"reporter\":\"dst\"}\n");
        try (Shipper shipper = Shipper.start(settings(LogKind.CALICO, null))) {
            shipper.shipFiles(List.of(file), false);
        }
        assertThat(read(Topics.FLOWS_RAW.name()).get(keyOf(file)))
                .containsExactly("{\"reporter\":\"src\"}", "{\"reporter\":\"dst\"}");
        List<String> dead =
                TopicContents.byKey(kafka.bootstrapServers(), Topics.DEADLETTER.name())
                        .get(keyOf(file));
        assertThat(dead).hasSize(1);
        var letter = TopicContents.json(dead.get(0));
        assertThat(letter.path("reason").asText()).isEqualTo("TOO_LARGE");
        assertThat(letter.path("position").asLong()).isEqualTo(2);
        assertThat(letter.path("detail").asText()).startsWith("line of 3145728 bytes exceeds");
        assertThat(letter.path("original").asText())
                .startsWith("xxxx")
                .hasSizeLessThan(huge.length());
    }

    static ShipSettings settings(LogKind kind, Path state) {
        return new ShipSettings(kafka.bootstrapServers(), kind, NODE, state, null);
    }

    static List<String> envoyLines(String tag, int count) {
        return IntStream.range(0, count)
                .mapToObj(
                        i ->
                                "[2024-05-01T10:00:00."
                                        + String.format("%03d", i % 1000)
                                        + "Z] \"GET /"
                                        + tag
                                        + "/"
                                        + i
                                        + " HTTP/1.1\" 200 - via_upstream - \"-\" 0 12 3 2 \"-\""
                                        + " \"curl/8\" \"id-"
                                        + i
                                        + "\" \"svc:80\" \"10.0.0.1:80\""
                                        + " outbound|80||svc.default.svc.cluster.local"
                                        + " 10.0.0.2:5000 10.0.0.1:80 10.0.0.2:5001 - default")
                .collect(Collectors.toList());
    }

    private static String keyOf(Path file) {
        return NODE + ":" + file.toAbsolutePath().normalize();
    }

    private static Map<String, List<String>> read(String topic) {
        return TopicContents.byKey(kafka.bootstrapServers(), topic);
    }

    private static List<String> nonBlankLines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank())
                .collect(Collectors.toList());
    }

    private static boolean isSubsequence(List<String> part, List<String> whole) {
        int i = 0;
        for (String line : whole) {
            if (i < part.size() && part.get(i).equals(line)) {
                i++;
            }
        }
        return i == part.size() && Collections.frequency(part, null) == 0;
    }

    static void waitUntil(java.util.function.BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(20);
        }
    }
}
