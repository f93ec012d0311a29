package dev.tandem.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads every alert on the alerts topic once, dropping the copies an at-least-once sink may have
 * written (same {@code alertId}), sorted by window and edge.
 */
public final class AlertsTopic {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ALERTS = 100_000;

    private AlertsTopic() {}

    public static List<JsonNode> readAll(String bootstrapServers, String topic) throws IOException {
        Map<String, Object> config =
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        bootstrapServers,
                        ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                        ByteArrayDeserializer.class,
                        ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                        ByteArrayDeserializer.class,
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false);
        List<JsonNode> alerts = new ArrayList<>();
        Set<String> ids = new TreeSet<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions =
                    consumer.partitionsFor(topic).stream()
                            .map(p -> new TopicPartition(topic, p.partition()))
                            .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && alerts.size() < MAX_ALERTS) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(500))) {
                    JsonNode alert = JSON.readTree(record.value());
                    if (ids.add(alert.path("alertId").asText())) {
                        alerts.add(alert);
                    }
                }
            }
        }
        alerts.sort(
                Comparator.comparing((JsonNode a) -> a.path("windowStart").asText())
                        .thenComparing(a -> a.path("alertId").asText()));
        return alerts;
    }
}
