package dev.tandem.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ingest.archive.EdgeArchiveReader;
import dev.tandem.ingest.archive.TimeRange;
import dev.tandem.ingest.kafka.TopicAdmin;
import dev.tandem.ingest.kafka.TopicOverrides;
import dev.tandem.ingest.kafka.Topics;
import dev.tandem.ingest.testing.KafkaBrokerExtension;
import dev.tandem.jobs.correlate.CorrelateSettings;
import dev.tandem.jobs.correlate.EvidenceDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem correlate} end to end: a real broker, raw lines and inventory messages produced as
 * the shipper and the watcher would, the job with bounded Kafka sources on a MiniCluster with
 * checkpoints, then the topics read back as the notifier and downstream consumers would.
 *
 * <p>Scenario (Online Boutique, namespace {@code shop}, every lines in Fluent Bit envelopes or
 * Calico's aggregated form, so that no verdict depends on when the inventory arrives):
 *
 * <ul>
 *   <li>checkout → payment:50051, both sidecars, mTLS: MEDIATED
 *   <li>checkout → shipping:50051 in two windows, no sidecar line: BYPASS_EGRESS twice, one alert
 *   <li>checkout → cart:7070, denied by Calico: DENIED, one alert
 *   <li>one garbage flow line, one garbage proxy line, one broken inventory message: three dead
 *       letters
 * </ul>
 */
class KafkaCorrelationIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant T5 = T0.plus(Duration.ofMinutes(5));
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * A broker that enforces retention from its start, every 250 ms (a broker waits 30 s, then
     * checks every 5 minutes). The scenario happened on T0, more than {@code tandem.edges}' 7 days
     * ago: records stamped with their event time would be deleted before the test reads them.
     */
    @RegisterExtension
    static final KafkaBrokerExtension kafka =
            new KafkaBrokerExtension(
                    Map.of(
                            "log.initial.task.delay.ms", "0",
                            "log.retention.check.interval.ms", "250"));

    /** Enough for the broker's retention check to have run at least twice. */
    private static final Duration RETENTION_CHECKS = Duration.ofSeconds(1);

    @TempDir Path dir;

    @BeforeAll
    static void createTopics() {
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers()))) {
            new TopicAdmin(admin, Duration.ofSeconds(30))
                    .ensureTopics(Topics.ALL, TopicOverrides.none())
                    .requireCompatible();
        }
    }

    @Test
    void correlatesRawTopicsIntoCommittedEdgesAlertsDeadLettersAndTheArchive() throws Exception {
        String flowFile = "node-a:/var/log/calico/flowlogs/flows.log";
        String proxyFile = "node-a:/var/log/containers/istio-proxy.log";
        produce(
                Topics.FLOWS_RAW.name(),
                flowFile,
                calico("paymentservice-7d8f9c6b5d-*", 50051, "src", "allow", T0),
                calico("paymentservice-7d8f9c6b5d-*", 50051, "dst", "allow", T0),
                calico("shippingservice-6c9b8c7d5f-*", 50051, "src", "allow", T0),
                "{\"start_time\": 17639",
                calico("shippingservice-6c9b8c7d5f-*", 50051, "src", "allow", T5),
                calico("cartservice-5d844fc8b7-*", 7070, "src", "deny", T0));
        produce(
                Topics.PROXY_RAW.name(),
                proxyFile,
                envelope(
                        "paymentservice-7d8f9c6b5d-q2w8p",
                        "{\"start_time\":\"2026-11-20T10:01:00.010Z\",\"method\":\"POST\",\"path\":\"/hipstershop.PaymentService/Charge\",\"protocol\":\"HTTP/2\",\"response_code\":200,"
                                + "\"upstream_cluster\":\"inbound|50051||\",\"upstream_host\":\"10.2.0.5:50051\",\"downstream_local_address\":\"10.2.0.5:50051\","
                                + "\"downstream_remote_address\":\"10.2.0.4:41000\",\"requested_server_name\":\"outbound_.50051_._.paymentservice.shop.svc.cluster.local\","
                                + "\"downstream_peer_uri_san\":\"spiffe://cluster.local/ns/shop/sa/checkoutservice\"}"),
                envelope(
                        "checkoutservice-598d5b586d-x7k2p",
                        "{\"start_time\":\"2026-11-20T10:01:00.000Z\",\"method\":\"POST\",\"path\":\"/hipstershop.PaymentService/Charge\",\"protocol\":\"HTTP/2\",\"response_code\":200,"
                                + "\"upstream_cluster\":\"outbound|50051||paymentservice.shop.svc.cluster.local\",\"upstream_host\":\"10.2.0.5:50051\","
                                + "\"downstream_local_address\":\"10.96.3.3:50051\",\"downstream_remote_address\":\"10.2.0.4:41000\"}"),
                "not a log line");
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            producer.send(
                    inventory(
                            "pod/shop/frontend-6b9d8f7c4d-abcde",
                            "{\"namespace\":\"shop\",\"name\":\"frontend-6b9d8f7c4d-abcde\",\"uid\":\"u-1\",\"ips\":[\"10.9.9.9\"],"
                                    + "\"validFrom\":\"2026-11-20T09:00:00Z\",\"labels\":{\"app\":\"frontend\"},\"serviceAccount\":\"frontend\","
                                    + "\"owner\":{\"kind\":\"ReplicaSet\",\"name\":\"frontend-6b9d8f7c4d\"},\"workload\":\"frontend\",\"node\":\"node-a\","
                                    + "\"hostNetwork\":false,\"sidecarPresent\":true,\"phase\":\"Running\"}"));
            producer.send(inventory("pod/shop/gone-6b9d8f7c4d-zzzzz", null));
            producer.send(inventory("pod/shop/broken-6b9d8f7c4d-qqqqq", "{\"namespace\":"));
            producer.flush();
        }

        Path archive = dir.resolve("archive");
        String run = UUID.randomUUID().toString();
        KafkaCorrelateSettings settings =
                new KafkaCorrelateSettings(
                                kafka.bootstrapServers(),
                                "it-" + run,
                                "it-" + run,
                                Duration.ofHours(1),
                                archive.toUri().toString(),
                                false)
                        .asBounded();
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(2);
        env.enableCheckpointing(500, CheckpointingMode.EXACTLY_ONCE);
        new KafkaCorrelation(settings, CorrelateSettings.defaults()).addTo(env);
        env.execute("kafka-correlation-it");
        Thread.sleep(RETENTION_CHECKS.toMillis());

        List<JsonNode> edges = readAll(Topics.EDGES.name(), "read_committed");
        assertThat(edges)
                .extracting(
                        e ->
                                e.get("destination").get("workload").asText()
                                        + " "
                                        + e.get("windowStart").asText()
                                        + " "
                                        + e.get("verdict").asText())
                .containsExactlyInAnyOrder(
                        "paymentservice 2026-11-20T10:00:00Z MEDIATED",
                        "shippingservice 2026-11-20T10:00:00Z BYPASS_EGRESS",
                        "shippingservice 2026-11-20T10:05:00Z BYPASS_EGRESS",
                        "cartservice 2026-11-20T10:00:00Z DENIED");

        List<JsonNode> alerts = readAll(Topics.ALERTS.name(), "read_uncommitted");
        assertThat(alerts)
                .extracting(
                        a ->
                                a.get("verdict").asText()
                                        + " "
                                        + a.get("destination").get("workload").asText()
                                        + " "
                                        + a.get("windowStart").asText())
                .containsExactlyInAnyOrder(
                        "BYPASS_EGRESS shippingservice 2026-11-20T10:00:00Z",
                        "DENIED cartservice 2026-11-20T10:00:00Z");
        assertThat(alerts)
                .allSatisfy(a -> assertThat(a.get("alertId").asText()).matches("[0-9a-f]{32}"));
        assertThat(alerts.get(0).get("evidence").get("reason").asText()).isNotBlank();

        List<JsonNode> deadLetters = readAll(Topics.DEADLETTER.name(), "read_uncommitted");
        assertThat(deadLetters)
                .extracting(d -> d.get("original").asText())
                .containsExactlyInAnyOrder(
                        "{\"start_time\": 17639", "not a log line", "{\"namespace\":");

        assertThat(new EdgeArchiveReader(archive).forEach(TimeRange.all(), w -> {}))
                .isEqualTo(edges.size());
    }

    /**
     * Half of an edge's evidence before a stop with savepoint, half after, then a restore: the
     * window must count each flow and request exactly once (nothing re-read, nothing lost) and be
     * committed to {@code tandem.edges} once.
     */
    @Test
    void aJobRestoredFromASavepointCountsEveryRecordOnce() throws Exception {
        String run = UUID.randomUUID().toString();
        String flows = "restore-flows-" + run;
        String proxy = "restore-proxy-" + run;
        String inventory = "restore-inventory-" + run;
        String edgesTopic = "restore-edges-" + run;
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers()))) {
            admin.createTopics(
                            Stream.of(flows, proxy, inventory, edgesTopic)
                                    .map(name -> new NewTopic(name, 2, (short) 1))
                                    .toList())
                    .all()
                    .get();
            admin.createTopics(
                            Stream.of("restore-alerts-" + run, "restore-deadletter-" + run)
                                    .map(name -> new NewTopic(name, 1, (short) 1))
                                    .toList())
                    .all()
                    .get();
        }
        Instant t = Instant.parse("2026-11-21T08:00:00Z");
        produce(
                flows,
                "node-a:flows.log",
                calico("paymentservice-7d8f9c6b5d-*", 50051, "src", "allow", t));
        produce(proxy, "node-a:proxy.log", outboundToPayment("2026-11-21T08:01:00.000Z"));
        KafkaCorrelateSettings settings =
                new KafkaCorrelateSettings(
                        kafka.bootstrapServers(),
                        "it-" + run,
                        "it-" + run,
                        Duration.ofHours(1),
                        null,
                        false);
        KafkaTopicNames names =
                new KafkaTopicNames(
                        flows,
                        proxy,
                        inventory,
                        edgesTopic,
                        "restore-alerts-" + run,
                        "restore-deadletter-" + run);

        StreamExecutionEnvironment first = StreamExecutionEnvironment.getExecutionEnvironment();
        first.setParallelism(2);
        first.enableCheckpointing(500, CheckpointingMode.EXACTLY_ONCE);
        new KafkaCorrelation(settings, CorrelateSettings.defaults(), names).addTo(first);
        JobClient job = first.executeAsync("restore-it-first");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (decoded(job) < 2) {
            assertThat(System.nanoTime()).as("first job decoded both records").isLessThan(deadline);
            Thread.sleep(100);
        }
        String savepoint =
                job.stopWithSavepoint(
                                false,
                                dir.resolve("savepoints").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get();
        assertThat(readAll(edgesTopic, "read_committed")).as("nothing judged yet").isEmpty();

        produce(
                flows,
                "node-a:flows.log",
                calico("paymentservice-7d8f9c6b5d-*", 50051, "dst", "allow", t));
        produce(proxy, "node-a:proxy.log", inboundAtPayment("2026-11-21T08:01:00.010Z"));
        // A bounded source cannot resume an unbounded one's splits (their stopping offsets are in
        // the savepoint), so the restored job runs unbounded: a flow an hour later moves event
        // time past the window, and idle inputs stop holding the watermark after a second.
        produce(
                flows,
                "node-b:flows.log",
                calico("paymentservice-7d8f9c6b5d-*", 50051, "src", "allow", t.plusSeconds(3600)));
        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint);
        StreamExecutionEnvironment second =
                StreamExecutionEnvironment.getExecutionEnvironment(restore);
        second.setParallelism(2);
        second.enableCheckpointing(500, CheckpointingMode.EXACTLY_ONCE);
        CorrelateSettings defaults = CorrelateSettings.defaults();
        new KafkaCorrelation(
                        settings,
                        new CorrelateSettings(
                                defaults.window(),
                                defaults.slack(),
                                defaults.outOfOrderness(),
                                Duration.ofSeconds(1)),
                        names)
                .addTo(second);
        JobClient restored = second.executeAsync("restore-it-second");
        try {
            deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (readAll(edgesTopic, "read_committed").isEmpty()) {
                assertThat(System.nanoTime())
                        .as("restored job judged the window")
                        .isLessThan(deadline);
                Thread.sleep(250);
            }
            // One more checkpoint interval: a duplicate would be committed by now.
            Thread.sleep(1500);
        } finally {
            restored.cancel().get();
        }

        List<JsonNode> edges =
                readAll(edgesTopic, "read_committed").stream()
                        .filter(e -> e.get("windowStart").asText().equals(t.toString()))
                        .toList();
        assertThat(edges).hasSize(1);
        JsonNode payment = edges.get(0);
        assertThat(payment.get("verdict").asText()).isEqualTo("MEDIATED");
        assertThat(payment.get("kernel").get("sourceReportedFlows").asLong()).isEqualTo(1);
        assertThat(payment.get("kernel").get("destinationReportedFlows").asLong()).isEqualTo(1);
        assertThat(payment.get("proxy").get("outboundRequests").asLong()).isEqualTo(1);
        assertThat(payment.get("proxy").get("inboundRequests").asLong()).isEqualTo(1);
    }

    private static long decoded(JobClient job) throws Exception {
        Object count = job.getAccumulators().get().get(EvidenceDecoder.RECORDS_ACCUMULATOR);
        return count == null ? 0 : ((Number) count).longValue();
    }

    private static String outboundToPayment(String start) {
        return envelope(
                "checkoutservice-598d5b586d-x7k2p",
                "{\"start_time\":\""
                        + start
                        + "\",\"method\":\"POST\",\"path\":\"/hipstershop.PaymentService/Charge\",\"protocol\":\"HTTP/2\",\"response_code\":200,"
                        + "\"upstream_cluster\":\"outbound|50051||paymentservice.shop.svc.cluster.local\",\"upstream_host\":\"10.2.0.5:50051\","
                        + "\"downstream_local_address\":\"10.96.3.3:50051\",\"downstream_remote_address\":\"10.2.0.4:41000\"}");
    }

    private static String inboundAtPayment(String start) {
        return envelope(
                "paymentservice-7d8f9c6b5d-q2w8p",
                "{\"start_time\":\""
                        + start
                        + "\",\"method\":\"POST\",\"path\":\"/hipstershop.PaymentService/Charge\",\"protocol\":\"HTTP/2\",\"response_code\":200,"
                        + "\"upstream_cluster\":\"inbound|50051||\",\"upstream_host\":\"10.2.0.5:50051\",\"downstream_local_address\":\"10.2.0.5:50051\","
                        + "\"downstream_remote_address\":\"10.2.0.4:41000\",\"requested_server_name\":\"outbound_.50051_._.paymentservice.shop.svc.cluster.local\","
                        + "\"downstream_peer_uri_san\":\"spiffe://cluster.local/ns/shop/sa/checkoutservice\"}");
    }

    private static void produce(String topic, String key, String... lines) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (String line : lines) {
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                key.getBytes(StandardCharsets.UTF_8),
                                line.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    private static ProducerRecord<byte[], byte[]> inventory(String key, String value) {
        return new ProducerRecord<>(
                Topics.INVENTORY.name(),
                key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** Every record of the topic up to its end (the last stable offset under read_committed). */
    private static List<JsonNode> readAll(String topic, String isolation) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                ByteArrayDeserializer.class.getName());
        List<JsonNode> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(info -> new TopicPartition(topic, info.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end " + end);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    records.add(JSON.readTree(r.value()));
                }
            }
        }
        return records;
    }

    private static String calico(
            String destination, int port, String reporter, String action, Instant start) {
        long s = start.getEpochSecond();
        return "{\"start_time\":"
                + s
                + ",\"end_time\":"
                + (s + 300)
                + ",\"source_ip\":null,\"source_name\":\"-\",\"source_name_aggr\":\"checkoutservice-598d5b586d-*\""
                + ",\"source_namespace\":\"shop\",\"source_type\":\"wep\",\"source_labels\":{\"labels\":[\"security.istio.io/tlsMode=istio\"]}"
                + ",\"dest_ip\":null,\"dest_name\":\"-\",\"dest_name_aggr\":\""
                + destination
                + "\",\"dest_namespace\":\"shop\",\"dest_type\":\"wep\",\"dest_labels\":{\"labels\":[\"security.istio.io/tlsMode=istio\"]}"
                + ",\"dest_port\":"
                + port
                + ",\"proto\":\"tcp\",\"action\":\""
                + action
                + "\",\"reporter\":\""
                + reporter
                + "\",\"bytes_in\":10,\"bytes_out\":20,\"num_flows\":1,\"num_flows_started\":1,\"num_flows_completed\":1}";
    }

    private static String envelope(String pod, String json) {
        return "{\"log\":\""
                + json.replace("\"", "\\\"")
                + "\",\"kubernetes\":{\"pod_name\":\""
                + pod
                + "\",\"namespace_name\":\"shop\",\"container_name\":\"istio-proxy\"}}";
    }
}
