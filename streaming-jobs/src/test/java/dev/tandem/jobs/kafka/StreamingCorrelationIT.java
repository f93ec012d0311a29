package dev.tandem.jobs.kafka;

import static dev.tandem.jobs.correlate.ShopLines.aggregatedFlow;
import static dev.tandem.jobs.correlate.ShopLines.envelope;
import static dev.tandem.jobs.correlate.ShopLines.inboundAtPayment;
import static dev.tandem.jobs.correlate.ShopLines.ipFlow;
import static dev.tandem.jobs.correlate.ShopLines.outboundToPayment;
import static dev.tandem.jobs.correlate.ShopLines.podMessage;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.ingest.testing.KafkaBrokerExtension;
import dev.tandem.jobs.correlate.CorrelateJob;
import dev.tandem.jobs.correlate.CorrelateSettings;
import dev.tandem.jobs.correlate.CorrelateSources;
import dev.tandem.jobs.correlate.EvidenceDecoder;
import dev.tandem.jobs.correlate.ModelTypes;
import dev.tandem.jobs.correlate.RawLine;
import dev.tandem.jobs.correlate.SourceBinding;
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
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code tandem correlate} running unbounded on a real broker, as in production: a task that fails
 * mid-stream, evidence that reaches Kafka before its pods, bare proxy lines nothing can attribute,
 * and the metrics scraped from the Prometheus reporter.
 *
 * <p>Time moves as it does in production: a later flow record pushes event time past the windows,
 * and inputs without records stop holding the watermark back after a second of idleness.
 */
class StreamingCorrelationIT {
    private static final int PORT = freePort();
    // Tests run in the module's folder; deploy/ is beside it.
    private static final Path DEPLOYED = Path.of("..", "deploy", "flink", "metrics.yaml");
    private static final Pattern SETTING = Pattern.compile("^([a-z][a-z0-9.\\-]*):\\s*(\\S.*)$");
    private static final String PREFIX = "flink_taskmanager_job_task_operator_tandem_";

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(4)
                            .setConfiguration(prometheus())
                            .build());

    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final String FLOWS_FILE = "node-a:/var/log/calico/flowlogs/flows.log";
    private static final String PROXY_FILE = "node-a:/var/log/containers/istio-proxy.log";
    private static final String CLOCK_FILE = "node-b:/var/log/calico/flowlogs/flows.log";
    private static final CorrelateSettings SETTINGS = idleAfterASecond();

    @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();
    private static KafkaTestClient client;

    @BeforeAll
    static void connect() {
        client = new KafkaTestClient(kafka.bootstrapServers());
    }

    /**
     * Two jobs read the same six windows of evidence, produced a batch at a time: one runs
     * undisturbed, the other has a task that fails once after a checkpoint, midway through the
     * input, and recovers from that checkpoint (fixed-delay restart). Their committed {@code
     * tandem.edges} must be the same: no window lost, none counted twice.
     */
    @Test
    void aTaskThatFailsMidStreamRecoversWithTheSameCommittedEdgesAsAnUndisturbedRun()
            throws Exception {
        KafkaTopicNames undisturbedTopics = client.freshTopics("undisturbed");
        KafkaTopicNames input = undisturbedTopics;
        KafkaTopicNames outputs = client.freshTopics("failing");
        KafkaTopicNames failingTopics =
                new KafkaTopicNames(
                        input.flowsRaw(),
                        input.proxyRaw(),
                        input.inventory(),
                        outputs.edges(),
                        outputs.alerts(),
                        outputs.deadLetter());
        FailOnce.reset(3 * FLOW_LINES_PER_WINDOW);

        StreamExecutionEnvironment undisturbedEnv = streamingEnv(new Configuration());
        new KafkaCorrelation(settings("undisturbed"), SETTINGS, undisturbedTopics)
                .addTo(undisturbedEnv);
        JobClient undisturbed = undisturbedEnv.executeAsync("undisturbed");

        Configuration restarts = new Configuration();
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        restarts.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        restarts.set(
                RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment failingEnv = streamingEnv(restarts);
        KafkaCorrelation failingJob =
                new KafkaCorrelation(settings("failing"), SETTINGS, failingTopics);
        CorrelateSources real = failingJob.sources();
        SourceBinding<RawLine> flowsThatFailOnce =
                env -> {
                    DataStream<RawLine> lines = real.flows().attach(env);
                    return lines.map(new FailOnce(), ModelTypes.RAW_LINE)
                            .setParallelism(lines.getParallelism())
                            .uid("fail-once")
                            .name("fail-once");
                };
        new CorrelateJob(
                        new CorrelateSources(flowsThatFailOnce, real.proxy(), real.inventory()),
                        failingJob.sinks(),
                        SETTINGS)
                .addTo(failingEnv);
        JobClient failing = failingEnv.executeAsync("failing");

        try {
            for (int w = 0; w < WINDOWS; w++) {
                produceWindow(input, T0.plus(WINDOW.multipliedBy(w)));
                // Apart by more than the checkpoint interval: checkpoints fall between batches.
                Thread.sleep(400);
            }
            client.produce(input.flowsRaw(), CLOCK_FILE, clockFlow());
            int expected = 2 * WINDOWS;
            client.awaitCommitted(undisturbedTopics.edges(), expected);
            client.awaitCommitted(failingTopics.edges(), expected);
            // A few more checkpoints: a window counted twice would be committed by now.
            Thread.sleep(1000);
        } finally {
            failing.cancel().get();
            undisturbed.cancel().get();
        }

        assertThat(FailOnce.FAILED).as("the injected failure happened").isTrue();
        assertThat(FailOnce.RESTORED).as("the task came back from a checkpoint").isTrue();
        List<String> recovered = sorted(client.readAll(failingTopics.edges(), "read_committed"));
        List<String> reference =
                sorted(client.readAll(undisturbedTopics.edges(), "read_committed"));
        assertThat(reference).hasSize(2 * WINDOWS);
        assertThat(recovered).containsExactlyElementsOf(reference);
        assertThat(client.readAll(failingTopics.edges(), "read_committed"))
                .filteredOn(e -> e.get("verdict").asText().equals("MEDIATED"))
                .hasSize(WINDOWS)
                .allSatisfy(
                        e -> {
                            assertThat(e.get("kernel").get("sourceReportedFlows").asLong())
                                    .isEqualTo(1);
                            assertThat(e.get("kernel").get("destinationReportedFlows").asLong())
                                    .isEqualTo(1);
                            assertThat(e.get("proxy").get("outboundRequests").asLong())
                                    .isEqualTo(1);
                            assertThat(e.get("proxy").get("inboundRequests").asLong()).isEqualTo(1);
                        });
    }

    /**
     * Flow records and bare proxy lines (no envelope: only their IPs say who wrote them) reach
     * Kafka and the job at T0, before the watcher publishes the two pods; the pods come a little
     * later. The evidence waits for them, so the window is judged between the workloads, not
     * between unknown addresses. Meanwhile every log input goes idle (a second without records), so
     * the resolver subtask holding the evidence must keep holding the windows back when the logs
     * resume ({@code ResolverOperator}, {@code IdleResolverTest}).
     */
    @Test
    void evidenceOnKafkaBeforeItsPodsIsJudgedWithTheWorkloadNames() throws Exception {
        KafkaTopicNames topics = client.freshTopics("inventory-late");
        InventoryProbe.reset();
        StreamExecutionEnvironment env = streamingEnv(new Configuration());
        KafkaCorrelation job = new KafkaCorrelation(settings("inventory-late"), SETTINGS, topics);
        CorrelateSources real = job.sources();
        SourceBinding<PodRecord> probedInventory =
                e -> {
                    DataStream<PodRecord> pods = real.inventory().attach(e);
                    return pods.map(new InventoryProbe(), ModelTypes.POD)
                            .setParallelism(pods.getParallelism())
                            .uid("inventory-probe")
                            .name("inventory-probe");
                };
        new CorrelateJob(
                        new CorrelateSources(real.flows(), real.proxy(), probedInventory),
                        job.sinks(),
                        SETTINGS)
                .addTo(env);
        JobClient running = env.executeAsync("inventory-late");
        try {
            client.produce(
                    topics.flowsRaw(), FLOWS_FILE, ipFlow("10.2.0.4", "10.2.0.5", 50051, T0));
            client.produce(
                    topics.proxyRaw(),
                    PROXY_FILE,
                    outboundToPayment("2026-11-22T10:01:00.000Z"),
                    inboundAtPayment("2026-11-22T10:01:00.010Z"));
            awaitDecoded(running, 3);

            client.produce(
                    topics.inventory(),
                    "pod/shop/checkoutservice-598d5b586d-x7k2p",
                    podMessage(
                            "checkoutservice-598d5b586d-x7k2p",
                            "checkoutservice",
                            "10.2.0.4",
                            "2026-11-22T09:00:00Z"));
            client.produce(
                    topics.inventory(),
                    "pod/shop/paymentservice-7d8f9c6b5d-q2w8p",
                    podMessage(
                            "paymentservice-7d8f9c6b5d-q2w8p",
                            "paymentservice",
                            "10.2.0.5",
                            "2026-11-22T09:00:00Z"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (InventoryProbe.PODS.get() < 2) {
                assertThat(System.nanoTime()).as("pods read").isLessThan(deadline);
                Thread.sleep(50);
            }
            // From the reader to the resolver's broadcast state is one network hop.
            Thread.sleep(500);
            // Every input moves on by itself, none has to go idle first: the pods' arrival
            // must be the only thing the window waits for.
            client.produceToEveryPartition(topics.flowsRaw(), CLOCK_FILE, clockFlow());
            client.produceToEveryPartition(
                    topics.proxyRaw(),
                    PROXY_FILE,
                    envelope(
                            "frontend-6b9d8f7c4d-abcde",
                            outboundToPayment(T0.plusSeconds(3600).toString())));
            client.awaitCommitted(topics.edges(), 1);
        } finally {
            running.cancel().get();
        }

        List<JsonNode> edges = client.readAll(topics.edges(), "read_committed");
        assertThat(edges)
                .extracting(
                        e ->
                                e.get("source").get("workload").asText()
                                        + " -> "
                                        + e.get("destination").get("workload").asText()
                                        + " "
                                        + e.get("verdict").asText())
                .containsExactly("checkoutservice -> paymentservice MEDIATED");
        assertThat(edges.get(0).get("kernel").get("sourceReportedFlows").asLong()).isEqualTo(1);
        assertThat(edges.get(0).get("proxy").get("mutualTlsRequests").asLong()).isEqualTo(1);
    }

    /**
     * An Envoy line with no envelope whose addresses no pod in the inventory ever held cannot be
     * attributed: it is a dead letter saying so, not an edge between unknown endpoints.
     */
    @Test
    void bareProxyLineNoInventoryKnowsIsADeadLetterNotAnEdge() throws Exception {
        KafkaTopicNames topics = client.freshTopics("bare");
        client.produce(
                topics.proxyRaw(),
                PROXY_FILE,
                outboundToPayment("2026-11-22T10:01:00.000Z"),
                inboundAtPayment("2026-11-22T10:01:00.010Z"));
        StreamExecutionEnvironment env = streamingEnv(new Configuration());
        new KafkaCorrelation(settings("bare").asBounded(), SETTINGS, topics).addTo(env);
        env.execute("bare");

        assertThat(client.readAll(topics.edges(), "read_committed")).isEmpty();
        List<JsonNode> letters = client.readAll(topics.deadLetter(), "read_uncommitted");
        assertThat(letters).hasSize(2);
        assertThat(letters)
                .allSatisfy(
                        d -> {
                            assertThat(d.get("reason").asText()).isEqualTo("MISSING_FIELD");
                            assertThat(d.get("detail").asText())
                                    .startsWith("unattributed proxy line");
                        });
        assertThat(letters)
                .extracting(d -> d.get("detail").asText())
                .anySatisfy(detail -> assertThat(detail).contains("10.2.0.4"))
                .anySatisfy(detail -> assertThat(detail).contains("10.2.0.5"));
    }

    /**
     * The cluster runs with the Prometheus reporter of {@code deploy/flink/metrics.yaml} on a free
     * port: while the job runs, {@code /metrics} serves Tandem's metrics under the names {@code
     * docs/correlation.md} lists.
     */
    @Test
    void reporterServesTandemMetricsWhileTheJobRuns() throws Exception {
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

    private static final int WINDOWS = 6;
    private static final int FLOW_LINES_PER_WINDOW = 3;

    /**
     * checkout → payment, logged by both kernels and both sidecars; checkout → shipping, by neither
     * sidecar.
     */
    private static void produceWindow(KafkaTopicNames topics, Instant start) {
        String requestStart = start.plusSeconds(60).toString();
        client.produce(
                topics.flowsRaw(),
                FLOWS_FILE,
                aggregatedFlow(
                        "checkoutservice-598d5b586d-*",
                        "paymentservice-7d8f9c6b5d-*",
                        50051,
                        "src",
                        start),
                aggregatedFlow(
                        "checkoutservice-598d5b586d-*",
                        "paymentservice-7d8f9c6b5d-*",
                        50051,
                        "dst",
                        start),
                aggregatedFlow(
                        "checkoutservice-598d5b586d-*",
                        "shippingservice-6c9b8c7d5f-*",
                        50051,
                        "src",
                        start));
        client.produce(
                topics.proxyRaw(),
                PROXY_FILE,
                envelope("checkoutservice-598d5b586d-x7k2p", outboundToPayment(requestStart)),
                envelope("paymentservice-7d8f9c6b5d-q2w8p", inboundAtPayment(requestStart)));
    }

    /** A flow an hour on, from another node: moves event time past every window before it. */
    private static String clockFlow() {
        return aggregatedFlow(
                "frontend-6b9d8f7c4d-*",
                "adservice-5d8c8d7b9f-*",
                9555,
                "src",
                T0.plusSeconds(3600));
    }

    private static StreamExecutionEnvironment streamingEnv(Configuration config) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(2);
        env.enableCheckpointing(200, CheckpointingMode.EXACTLY_ONCE);
        return env;
    }

    private static KafkaCorrelateSettings settings(String run) {
        return new KafkaCorrelateSettings(
                kafka.bootstrapServers(),
                run + "-" + System.nanoTime(),
                run + "-" + System.nanoTime(),
                Duration.ofHours(1),
                null,
                false);
    }

    private static CorrelateSettings idleAfterASecond() {
        CorrelateSettings defaults = CorrelateSettings.defaults();
        return new CorrelateSettings(
                defaults.window(),
                defaults.slack(),
                defaults.outOfOrderness(),
                Duration.ofSeconds(1));
    }

    private static void awaitDecoded(JobClient job, long records) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Object count = job.getAccumulators().get().get(EvidenceDecoder.RECORDS_ACCUMULATOR);
            if (count != null && ((Number) count).longValue() >= records) {
                return;
            }
            assertThat(System.nanoTime())
                    .as("decoded " + records + " records")
                    .isLessThan(deadline);
            Thread.sleep(100);
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

    private static List<String> sorted(List<JsonNode> records) {
        return records.stream().map(JsonNode::toString).sorted().toList();
    }

    /**
     * Passes lines through, and throws once, on the first line after {@code threshold} lines once a
     * checkpoint has completed. Static state: the MiniCluster runs in this JVM, and the flags must
     * outlive the task's restart.
     */
    static final class FailOnce
            implements MapFunction<RawLine, RawLine>, CheckpointListener, CheckpointedFunction {
        private static final long serialVersionUID = 1L;
        static final AtomicLong SEEN = new AtomicLong();
        static final AtomicBoolean CHECKPOINTED = new AtomicBoolean();
        static final AtomicBoolean FAILED = new AtomicBoolean();
        static final AtomicBoolean RESTORED = new AtomicBoolean();
        static volatile long threshold;

        static void reset(long lines) {
            SEEN.set(0);
            CHECKPOINTED.set(false);
            FAILED.set(false);
            RESTORED.set(false);
            threshold = lines;
        }

        @Override
        public RawLine map(RawLine line) {
            if (SEEN.incrementAndGet() > threshold
                    && CHECKPOINTED.get()
                    && FAILED.compareAndSet(false, true)) {
                throw new IllegalStateException("injected failure after " + threshold + " lines");
            }
            return line;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            CHECKPOINTED.set(true);
        }

        @Override
        public void snapshotState(FunctionSnapshotContext context) {}

        @Override
        public void initializeState(FunctionInitializationContext context) {
            if (context.isRestored()) {
                RESTORED.set(true);
            }
        }
    }

    /** Counts the pods read from the inventory topic, so the test knows the job has them. */
    static final class InventoryProbe implements MapFunction<PodRecord, PodRecord> {
        private static final long serialVersionUID = 1L;
        static final AtomicInteger PODS = new AtomicInteger();

        static void reset() {
            PODS.set(0);
        }

        @Override
        public PodRecord map(PodRecord pod) {
            PODS.incrementAndGet();
            return pod;
        }
    }
}
