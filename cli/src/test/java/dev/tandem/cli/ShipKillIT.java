package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.kafka.Topics;
import dev.tandem.ingest.testing.ChildJvm;
import dev.tandem.ingest.testing.KafkaBrokerExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem ship} as a real child process, killed with SIGKILL mid-file and started again:
 * every line arrives, in order, and the only duplicates are the lines after the saved offset.
 */
class ShipKillIT {
    private static final int LINES = 400_000;
    @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @TempDir Path dir;

    @Test
    void killMinus9AndRestartLosesNothingAndDuplicatesOnlyTheUnsavedTail() throws Exception {
        Path file = dir.resolve("access.log");
        List<String> lines = new ArrayList<>(LINES);
        for (int i = 0; i < LINES; i++) {
            lines.add(
                    "[2024-05-01T10:00:00.000Z] \"GET /kill/"
                            + i
                            + " HTTP/1.1\" 200 - via_upstream - \"-\" 0 12 3 2 \"-\" \"curl/8\""
                            + " \"id-"
                            + i
                            + "\" \"svc:80\" \"10.0.0.1:80\" outbound|80||svc 10.0.0.2:5000"
                            + " 10.0.0.1:80 10.0.0.2:5001 - default");
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
        Path state = dir.resolve("state");

        Process first = ship(file, state, true);
        long savedBeforeKill = waitForSavedOffset(state, first);
        first.destroyForcibly();
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        long resumeAt = savedOffset(state);
        assertThat(resumeAt).isGreaterThanOrEqualTo(savedBeforeKill).isLessThan(Files.size(file));

        Process second = ship(file, state, false);
        assertThat(second.waitFor(90, TimeUnit.SECONDS)).as("second run finishes").isTrue();
        assertThat(second.exitValue()).isEqualTo(0);

        List<String> got = consume("node-k:" + file.toAbsolutePath().normalize());
        int k = 0;
        while (k < got.size() && k < lines.size() && got.get(k).equals(lines.get(k))) {
            k++;
        }
        int resumedLine = linesBefore(lines, resumeAt);
        assertThat(k)
                .as("the first run delivered at least up to the saved offset")
                .isGreaterThanOrEqualTo(resumedLine);
        assertThat(got.subList(k, got.size()))
                .as("after the first run's records, the second run resends from the saved offset")
                .containsExactlyElementsOf(lines.subList(resumedLine, lines.size()));
        assertThat(got.size() - lines.size())
                .as("duplicates = the unsaved tail")
                .isEqualTo(k - resumedLine);
    }

    private Process ship(Path file, Path state, boolean createTopics) throws IOException {
        List<String> args = new ArrayList<>();
        args.addAll(
                List.of(
                        "ship",
                        "--kind",
                        "envoy",
                        "--file",
                        file.toString(),
                        "--bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--state-dir",
                        state.toString(),
                        "--node-name",
                        "node-k",
                        "--progress-interval",
                        "0"));
        if (createTopics) {
            args.add("--create-topics");
        }
        return ChildJvm.start(Tandem.class, args, state.resolveSibling("ship.log"));
    }

    private static long waitForSavedOffset(Path state, Process process) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("ship ended before the kill: " + output(state));
            }
            long offset = savedOffset(state);
            if (offset > 0) {
                return offset;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("ship saved no offset within 60 s");
    }

    private static String output(Path state) throws IOException {
        return Files.readString(state.resolveSibling("ship.log"));
    }

    private static long savedOffset(Path state) throws IOException {
        if (!Files.isDirectory(state)) {
            return -1;
        }
        try (Stream<Path> files = Files.list(state)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (!f.toString().endsWith(".offset")) {
                    continue;
                }
                for (String line : Files.readAllLines(f)) {
                    if (line.startsWith("offset=")) {
                        return Long.parseLong(line.substring(7));
                    }
                }
            }
        }
        return -1;
    }

    private static int linesBefore(List<String> lines, long offset) {
        long position = 0;
        for (int i = 0; i < lines.size(); i++) {
            if (position == offset) {
                return i;
            }
            position += lines.get(i).getBytes(StandardCharsets.UTF_8).length + 1;
        }
        assertThat(position).isEqualTo(offset);
        return lines.size();
    }

    private static List<String> consume(String key) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(Topics.PROXY_RAW.name(), Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                assertThat(System.nanoTime()).as("read the topic within 60 s").isLessThan(deadline);
                consumer.poll(Duration.ofMillis(200))
                        .forEach(
                                r -> {
                                    if (key.equals(r.key())) {
                                        values.add(r.value());
                                    }
                                });
            }
        }
        return values;
    }
}
