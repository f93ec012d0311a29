package dev.tandem.bench;

import dev.tandem.ingest.detect.LogKind;
import dev.tandem.ingest.kafka.KafkaStartupCheck;
import dev.tandem.ingest.kafka.Topics;
import dev.tandem.ingest.ship.ProducerSettings;
import dev.tandem.ingest.ship.ShipSettings;
import dev.tandem.ingest.ship.ShipTopics;
import dev.tandem.ingest.ship.Shipper;
import dev.tandem.kafka.embedded.EmbeddedKafkaBroker;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * {@code tandem ship}'s throughput from a file against a bare {@link KafkaProducer} loop that sends
 * the same lines (already split, in memory) with the same key and producer settings to the same
 * embedded broker, in the same JVM, in interleaved rounds. Target: ship >= 0.8x the bare loop.
 *
 * <p>Run: {@code bench/run ship [--lines N] [--rounds R]}.
 */
public final class ShipBenchmark {
    private static LogKind kind = LogKind.AUTO;

    private ShipBenchmark() {}

    public static void main(String[] args) throws Exception {
        int lines = intOption(args, "--lines", 500_000);
        int rounds = intOption(args, "--rounds", 3);
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals("--kind")) {
                kind = LogKind.valueOf(args[i + 1].toUpperCase(Locale.ROOT));
            }
        }
        Path work = Files.createTempDirectory("tandem-ship-bench");
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().build().start()) {
            String servers = kafka.bootstrapServers();
            KafkaStartupCheck.requireTopics(
                    servers, Duration.ofSeconds(30), ShipTopics.WRITTEN, true);
            List<byte[]> corpus = corpus(lines);
            Path file = work.resolve("mixed.log");
            long bytes = write(corpus, file);
            System.out.printf(
                    Locale.ROOT,
                    "Ship benchmark: %d lines (%d MB, half Envoy TEXT, half Calico JSON), %d"
                            + " rounds, compression %s, broker %s%n",
                    lines,
                    bytes >> 20,
                    rounds,
                    ProducerSettings.compressionCodec(),
                    servers);

            // One warm-up of each side.
            ship(servers, file, work.resolve("state-warm"));
            bare(servers, corpus, file);

            double[] shipRates = new double[rounds];
            double[] bareRates = new double[rounds];
            double[] ratios = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                Path state = work.resolve("state-" + r);
                if (r % 2 == 0) {
                    shipRates[r] = lines / ship(servers, file, state);
                    bareRates[r] = lines / bare(servers, corpus, file);
                } else {
                    bareRates[r] = lines / bare(servers, corpus, file);
                    shipRates[r] = lines / ship(servers, file, state);
                }
                ratios[r] = shipRates[r] / bareRates[r];
                System.out.printf(
                        Locale.ROOT,
                        "  round %d: ship %.0f lines/s, bare producer %.0f lines/s, ratio %.2fx%n",
                        r + 1,
                        shipRates[r],
                        bareRates[r],
                        ratios[r]);
            }
            double ratio = Measurement.median(ratios);
            System.out.printf(
                    Locale.ROOT,
                    "median: ship %.0f lines/s vs bare KafkaProducer %.0f lines/s, ratio %.2fx"
                            + " (target >= 0.8x) %s%n",
                    Measurement.median(shipRates),
                    Measurement.median(bareRates),
                    ratio,
                    ratio >= 0.8 ? "met" : "MISSED");
        } finally {
            deleteAll(work);
        }
    }

    /** Seconds for {@code tandem ship}'s engine to ship the file, every line acknowledged. */
    private static double ship(String servers, Path file, Path state) throws Exception {
        long start = System.nanoTime();
        try (Shipper shipper =
                Shipper.start(new ShipSettings(servers, kind, "bench", state, null))) {
            shipper.shipFiles(List.of(file), false);
        }
        return (System.nanoTime() - start) / 1e9;
    }

    /** Seconds for a bare producer loop to send the same lines and have them acknowledged. */
    private static double bare(String servers, List<byte[]> corpus, Path file) {
        long start = System.nanoTime();
        byte[] key =
                ("bench:" + file.toAbsolutePath().normalize()).getBytes(StandardCharsets.UTF_8);
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(ProducerSettings.forShipping(servers, "bench-bare"))) {
            for (byte[] line : corpus) {
                String topic = line[0] == '{' ? Topics.FLOWS_RAW.name() : Topics.PROXY_RAW.name();
                producer.send(new ProducerRecord<>(topic, key, line));
            }
            producer.flush();
        }
        return (System.nanoTime() - start) / 1e9;
    }

    private static List<byte[]> corpus(int lines) {
        SyntheticLogs logs = new SyntheticLogs(20261126L);
        List<byte[]> calico = logs.calicoFlowLines(lines / 2);
        List<SyntheticLogs.AccessLine> access = logs.accessLines(lines - lines / 2);
        List<byte[]> corpus = new ArrayList<>(lines);
        for (int i = 0; i < lines; i++) {
            corpus.add(i % 2 == 0 ? access.get(i / 2).text() : calico.get(i / 2));
        }
        return corpus;
    }

    private static long write(List<byte[]> corpus, Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            for (byte[] line : corpus) {
                out.write(line);
                out.write('\n');
            }
        }
        return Files.size(file);
    }

    private static void deleteAll(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(p);
            }
        }
    }

    private static int intOption(String[] args, String name, int fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return Integer.parseInt(args[i + 1]);
            }
        }
        return fallback;
    }
}
