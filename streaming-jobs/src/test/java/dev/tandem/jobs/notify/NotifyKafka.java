package dev.tandem.jobs.notify;

import dev.tandem.jobs.alert.Alert;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** Topics, records and committed offsets on the embedded broker, for the notify ITs. */
final class NotifyKafka {
    private final String servers;
    final String alerts;
    final String deadLetters;
    final String group;

    /** Fresh topics and group, so tests sharing a broker never see each other's records. */
    NotifyKafka(String servers) throws ExecutionException, InterruptedException {
        this.servers = servers;
        String run = UUID.randomUUID().toString().substring(0, 8);
        this.alerts = "alerts-" + run;
        this.deadLetters = "deadletter-" + run;
        this.group = "notify-" + run;
        try (Admin admin = admin()) {
            admin.createTopics(
                            List.of(
                                    new NewTopic(alerts, 3, (short) 1),
                                    new NewTopic(deadLetters, 1, (short) 1)))
                    .all()
                    .get();
        }
    }

    /** Writes alerts as the correlate job does: keyed by alert id. */
    void write(List<Alert> records) throws Exception {
        List<byte[]> values = new ArrayList<>();
        records.forEach(a -> values.add(TestAlerts.json(a)));
        writeRaw(values);
    }

    void writeRaw(List<byte[]> values) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                servers,
                                ProducerConfig.ACKS_CONFIG,
                                "all"),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            for (byte[] value : values) {
                producer.send(
                                new ProducerRecord<>(
                                        alerts,
                                        Integer.toString(java.util.Arrays.hashCode(value))
                                                .getBytes(StandardCharsets.UTF_8),
                                        value))
                        .get();
            }
        }
    }

    /** The group's committed offsets summed over partitions: records done with. */
    long committed() throws ExecutionException, InterruptedException {
        try (Admin admin = admin()) {
            Map<?, OffsetAndMetadata> offsets =
                    admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
            return offsets.values().stream().mapToLong(o -> o == null ? 0 : o.offset()).sum();
        }
    }

    /** Waits until the committed offsets add up to {@code records}. */
    void awaitCommitted(long records, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        long now = committed();
        while (now != records && System.nanoTime() < deadline) {
            Thread.sleep(50);
            now = committed();
        }
        if (now != records) {
            throw new AssertionError("committed " + now + " records, expected " + records);
        }
    }

    /** Every dead letter written so far. */
    List<String> deadLetterValues(int expected) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                servers,
                                ConsumerConfig.GROUP_ID_CONFIG,
                                "reader-" + UUID.randomUUID(),
                                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                                "earliest"),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(deadLetters));
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (values.size() < expected && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    values.add(new String(r.value(), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers));
    }
}
