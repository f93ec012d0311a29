package dev.tandem.inventory.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.inventory.InventoryMessage;
import dev.tandem.ingest.inventory.InventorySerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/** Reads a test's inventory topic from the start, as a consumer of the wire format would. */
final class TopicMessages implements AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<InventoryMessage> seen = new ArrayList<>();

    TopicMessages(String bootstrapServers, String topic) {
        consumer =
                new KafkaConsumer<>(
                        Map.of(
                                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                                ByteArrayDeserializer.class,
                                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                                ByteArrayDeserializer.class,
                                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                                "read_committed"));
        // A topic created a moment ago may not be in the metadata yet: an empty answer would leave
        // the consumer assigned to nothing, and its first poll would throw.
        List<TopicPartition> partitions = new ArrayList<>();
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (partitions.isEmpty()) {
            assertThat(Instant.now())
                    .as("waiting for the partitions of " + topic)
                    .isBefore(deadline);
            consumer.partitionsFor(topic, TIMEOUT)
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Every message so far, in the order read (per key, the order published). */
    List<InventoryMessage> all() {
        poll(Duration.ofMillis(200));
        return List.copyOf(seen);
    }

    /** Waits until a message matches, and returns every message read by then. */
    List<InventoryMessage> awaitMessage(String what, Predicate<InventoryMessage> wanted) {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (seen.stream().noneMatch(wanted)) {
            assertThat(Instant.now())
                    .as("waiting for " + what + "; saw " + seen)
                    .isBefore(deadline);
            poll(Duration.ofMillis(100));
        }
        return List.copyOf(seen);
    }

    /** Waits until at least {@code count} messages were read, and returns them all. */
    List<InventoryMessage> awaitCount(int count) {
        Instant deadline = Instant.now().plus(TIMEOUT);
        while (seen.size() < count) {
            assertThat(Instant.now())
                    .as("waiting for " + count + " messages; saw " + seen)
                    .isBefore(deadline);
            poll(Duration.ofMillis(100));
        }
        poll(Duration.ofMillis(200));
        return List.copyOf(seen);
    }

    private void poll(Duration timeout) {
        for (ConsumerRecord<byte[], byte[]> record : consumer.poll(timeout)) {
            Decoded<InventoryMessage> message =
                    InventorySerde.deserialize(
                            record.key(), record.value(), record.topic(), record.offset());
            assertThat(message.isOk()).as(() -> String.valueOf(message)).isTrue();
            seen.add(message.value());
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
