package dev.tandem.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.ingest.json.CanonicalJson;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.KernelEvidence;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.ProxyEvidence;
import dev.tandem.ingest.model.Verdict;
import dev.tandem.jobs.alert.Alert;
import dev.tandem.jobs.notify.AlertNotifier;
import dev.tandem.jobs.notify.ChatFormat;
import dev.tandem.jobs.notify.Destination;
import dev.tandem.jobs.notify.NotifySettings;
import dev.tandem.kafka.embedded.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * {@code tandem notify}'s end-to-end latency, from an alert record handed to the Kafka producer to
 * the webhook's HTTP request arriving, against a bare consumer loop (poll, POST each record's bytes
 * with the same JDK HttpClient, commit) on the same broker and the same local webhook, in the same
 * JVM, in interleaved rounds. Alerts are written at a steady pace, each a new edge (no grouping),
 * with the rate limit out of the way: what is measured is the path, not the throttle.
 *
 * <p>Run: {@code bench/run notify [--alerts N] [--rounds R] [--per-second S]}.
 */
public final class NotifyBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private NotifyBenchmark() {}

    public static void main(String[] args) throws Exception {
        int alerts = intOption(args, "--alerts", 1000);
        int rounds = intOption(args, "--rounds", 5);
        int perSecond = intOption(args, "--per-second", 200);
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().build().start();
                Sink sink = new Sink()) {
            String servers = kafka.bootstrapServers();
            System.out.printf(
                    Locale.ROOT,
                    "Notify benchmark: %d alerts per side per round at %d/s, %d rounds, generic"
                            + " webhook on %s, broker %s%n",
                    alerts,
                    perSecond,
                    rounds,
                    sink.url(),
                    servers);
            // One warm-up of each side, so the JIT has compiled both paths before measuring.
            run(true, servers, sink, "warm", alerts, perSecond);
            run(false, servers, sink, "warm", alerts, perSecond);

            double[] notifyMedian = new double[rounds];
            double[] notifyP99 = new double[rounds];
            double[] bareMedian = new double[rounds];
            double[] bareP99 = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                double[] n;
                double[] b;
                if (r % 2 == 0) {
                    n = run(true, servers, sink, "r" + r, alerts, perSecond);
                    b = run(false, servers, sink, "r" + r, alerts, perSecond);
                } else {
                    b = run(false, servers, sink, "r" + r, alerts, perSecond);
                    n = run(true, servers, sink, "r" + r, alerts, perSecond);
                }
                notifyMedian[r] = percentile(n, 50);
                notifyP99[r] = percentile(n, 99);
                bareMedian[r] = percentile(b, 50);
                bareP99[r] = percentile(b, 99);
                System.out.printf(
                        Locale.ROOT,
                        "  round %d: notify median %.2f ms p99 %.2f ms; bare loop median %.2f ms"
                                + " p99 %.2f ms%n",
                        r + 1,
                        notifyMedian[r],
                        notifyP99[r],
                        bareMedian[r],
                        bareP99[r]);
            }
            double nm = Measurement.median(notifyMedian);
            double np = Measurement.median(notifyP99);
            double bm = Measurement.median(bareMedian);
            double bp = Measurement.median(bareP99);
            System.out.printf(
                    Locale.ROOT,
                    "median of rounds: notify median %.2f ms, p99 %.2f ms; bare consumer loop median"
                            + " %.2f ms, p99 %.2f ms; ratio median %.2fx, p99 %.2fx%n",
                    nm,
                    np,
                    bm,
                    bp,
                    nm / bm,
                    np / bp);
        }
    }

    /** Latencies in milliseconds of one side over {@code count} alerts on a topic of its own. */
    private static double[] run(
            boolean notify, String servers, Sink sink, String round, int count, int perSecond)
            throws Exception {
        String topic = (notify ? "notify-" : "bare-") + round;
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers))) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get();
        }
        List<Alert> alerts = alerts(topic, count);
        Map<String, Long> sent = new ConcurrentHashMap<>();
        sink.expect(count);
        AutoCloseable side =
                notify ? startNotifier(servers, topic, sink) : new BareLoop(servers, topic, sink);
        try (side) {
            // Both sides have joined their group once their first alert arrived.
            produce(servers, topic, List.of(alerts.get(0)), sent, perSecond);
            sink.awaitCount(1);
            produce(servers, topic, alerts.subList(1, count), sent, perSecond);
            sink.awaitCount(count);
        }
        double[] latencies = new double[count - 1];
        for (int i = 1; i < count; i++) {
            String id = alerts.get(i).alertId();
            latencies[i - 1] = (sink.arrival(id) - sent.get(id)) / 1e6;
        }
        return latencies;
    }

    private static AlertNotifier startNotifier(String servers, String topic, Sink sink) {
        return AlertNotifier.start(
                NotifySettings.builder(
                                servers,
                                List.of(Destination.of("bench", ChatFormat.GENERIC, sink.url())))
                        .topics(topic, "deadletter-" + topic)
                        .groupId("group-" + topic)
                        .quietPeriod(Duration.ZERO)
                        .rateLimitPerMinute(1_000_000)
                        .build());
    }

    private static void produce(
            String servers, String topic, List<Alert> alerts, Map<String, Long> sent, int perSecond)
            throws Exception {
        long gap = 1_000_000_000L / perSecond;
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                servers,
                                ProducerConfig.LINGER_MS_CONFIG,
                                0),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            long next = System.nanoTime();
            for (Alert alert : alerts) {
                // Parked, not spinning: with two cores a spinning producer would starve the
                // consumer being measured.
                for (long wait = next - System.nanoTime();
                        wait > 0;
                        wait = next - System.nanoTime()) {
                    LockSupport.parkNanos(wait);
                }
                byte[] value = CanonicalJson.toJsonLine(alert).getBytes(StandardCharsets.UTF_8);
                sent.put(alert.alertId(), System.nanoTime());
                producer.send(
                        new ProducerRecord<>(
                                topic, alert.alertId().getBytes(StandardCharsets.UTF_8), value));
                next += gap;
            }
            producer.flush();
        }
    }

    private static List<Alert> alerts(String tag, int count) {
        List<Alert> alerts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            EndpointRef source =
                    new EndpointRef(
                            "shop",
                            "caller-" + tag + "-" + i,
                            EndpointKind.WORKLOAD,
                            Labels.empty(),
                            false,
                            null);
            EndpointRef destination =
                    new EndpointRef(
                            "payments",
                            "paymentservice",
                            EndpointKind.WORKLOAD,
                            Labels.empty(),
                            true,
                            "paymentservice");
            alerts.add(
                    Alert.of(
                            new EdgeWindow(
                                    source,
                                    destination,
                                    50051,
                                    "tcp",
                                    T0,
                                    T0.plusSeconds(300),
                                    new KernelEvidence(3, 3, 3, 900, 6, 6, 0, List.of(), List.of()),
                                    ProxyEvidence.none(),
                                    Verdict.BYPASS_INGRESS,
                                    0.95,
                                    "the kernel let 3 flows in; the sidecar logged none")));
        }
        return alerts;
    }

    /** The baseline: poll, POST each record's bytes, commit; nothing else. */
    private static final class BareLoop implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        BareLoop(String servers, String topic, Sink sink) {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            KafkaConsumer<byte[], byte[]> consumer =
                    new KafkaConsumer<>(
                            Map.of(
                                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                    servers,
                                    ConsumerConfig.GROUP_ID_CONFIG,
                                    "group-" + topic,
                                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                                    false,
                                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                    "earliest"),
                            new ByteArrayDeserializer(),
                            new ByteArrayDeserializer());
            consumer.subscribe(List.of(topic));
            thread =
                    new Thread(
                            () -> {
                                try (consumer) {
                                    while (running.get()) {
                                        for (ConsumerRecord<byte[], byte[]> r :
                                                consumer.poll(Duration.ofMillis(100))) {
                                            http.send(
                                                    HttpRequest.newBuilder(sink.url())
                                                            .header(
                                                                    "Content-Type",
                                                                    "application/json")
                                                            .POST(
                                                                    HttpRequest.BodyPublishers
                                                                            .ofByteArray(r.value()))
                                                            .build(),
                                                    HttpResponse.BodyHandlers.discarding());
                                        }
                                        consumer.commitSync();
                                    }
                                } catch (IOException | InterruptedException e) {
                                    throw new IllegalStateException(e);
                                }
                            },
                            "bare-loop");
            thread.start();
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.join();
        }
    }

    /** A local webhook that notes when each alert id arrived (generic payload or raw alert). */
    private static final class Sink implements AutoCloseable {
        private final HttpServer server;
        private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
        private volatile int expected;

        Sink() throws IOException {
            server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/hook", this::handle);
            server.setExecutor(Executors.newFixedThreadPool(2));
            server.start();
        }

        URI url() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
        }

        void expect(int count) {
            arrivals.clear();
            expected = count;
        }

        void awaitCount(int count) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (arrivals.size() < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "only " + arrivals.size() + " of " + expected + " alerts arrived");
                }
                Thread.sleep(1);
            }
        }

        long arrival(String id) {
            return arrivals.get(id);
        }

        private void handle(HttpExchange exchange) throws IOException {
            long now = System.nanoTime();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            JsonNode json = JSON.readTree(body);
            if (json.has("alertIds")) {
                json.path("alertIds").forEach(id -> arrivals.putIfAbsent(id.asText(), now));
            } else {
                arrivals.putIfAbsent(json.path("alertId").asText(), now);
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        }

        @Override
        public void close() {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }

    private static double percentile(double[] values, int p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))];
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
