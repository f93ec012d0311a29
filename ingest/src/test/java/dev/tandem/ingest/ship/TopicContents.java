package dev.tandem.ingest.ship;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.ingest.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a whole topic back, grouped by key in partition order, for assertions. */
final class TopicContents {
    private TopicContents() {}

    /** Every record's value as text, by key, in the order the partition holds them. */
    static Map<String, List<String>> byKey(String bootstrapServers, String topic) {
        Map<String, List<String>> byKey = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : read(bootstrapServers, topic)) {
            byKey.computeIfAbsent(text(r.key()), k -> new ArrayList<>()).add(text(r.value()));
        }
        return byKey;
    }

    /** The original lines of the dead letters, by key. */
    static Map<String, List<String>> deadLetterOriginals(String bootstrapServers, String topic) {
        Map<String, List<String>> letters = byKey(bootstrapServers, topic);
        return letters.entrySet().stream()
                .collect(
                        Collectors.toMap(
                                Map.Entry::getKey,
                                e ->
                                        e.getValue().stream()
                                                .map(TopicContents::original)
                                                .collect(Collectors.toList())));
    }

    static JsonNode json(String value) {
        try {
            return CanonicalJson.mapper().readTree(value);
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + value, e);
        }
    }

    private static String original(String deadLetter) {
        return json(deadLetter).path("original").asText();
    }

    private static List<ConsumerRecord<byte[], byte[]>> read(String servers, String topic) {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        servers,
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                        ByteArrayDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                        ByteArrayDeserializer.class,
                        ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG,
                        4 * 1024 * 1024);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end in 60 s");
                }
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }
}
