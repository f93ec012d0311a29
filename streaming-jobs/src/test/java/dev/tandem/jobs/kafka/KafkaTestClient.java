package dev.tandem.jobs.kafka;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
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

/**
 * Produces raw lines to and reads JSON records back from the test broker, as the tools around the
 * job would.
 */
final class KafkaTestClient {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrapServers;

    KafkaTestClient(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** A fresh set of the job's topics, two partitions each, named after {@code prefix}. */
    KafkaTopicNames freshTopics(String prefix) throws Exception {
        String run = prefix + "-" + UUID.randomUUID();
        KafkaTopicNames names =
                new KafkaTopicNames(
                        run + "-flows",
                        run + "-proxy",
                        run + "-inventory",
                        run + "-edges",
                        run + "-alerts",
                        run + "-deadletter");
        try (Admin admin =
                Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(
                            Stream.of(
                                            names.flowsRaw(),
                                            names.proxyRaw(),
                                            names.inventory(),
                                            names.edges(),
                                            names.alerts(),
                                            names.deadLetter())
                                    .map(name -> new NewTopic(name, 2, (short) 1))
                                    .toList())
                    .all()
                    .get();
        }
        return names;
    }

    /** The lines as records of one key (the shipper keys a file's lines by {@code NODE:PATH}). */
    void produce(String topic, String key, String... values) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (String value : values) {
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                key.getBytes(StandardCharsets.UTF_8),
                                value.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    /** One record to every partition of the topic, so that every reader of it sees it. */
    void produceToEveryPartition(String topic, String key, String value) {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            int partitions = producer.partitionsFor(topic).size();
            for (int partition = 0; partition < partitions; partition++) {
                producer.send(
                        new ProducerRecord<>(
                                topic,
                                partition,
                                key.getBytes(StandardCharsets.UTF_8),
                                value.getBytes(StandardCharsets.UTF_8)));
            }
            producer.flush();
        }
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /** Every record of the topic up to its end (the last stable offset under read_committed). */
    List<JsonNode> readAll(String topic, String isolation) throws Exception {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
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

    /**
     * The committed records once there are at least {@code count}; generous for loaded machines.
     */
    List<JsonNode> awaitCommitted(String topic, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (true) {
            List<JsonNode> records = readAll(topic, "read_committed");
            if (records.size() >= count) {
                return records;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "only " + records.size() + " of " + count + " records on " + topic);
            }
            Thread.sleep(200);
        }
    }
}
