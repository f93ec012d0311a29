package dev.tandem.inventory.watch;

import dev.tandem.ingest.kafka.CleanupPolicy;
import dev.tandem.ingest.kafka.TopicAdmin;
import dev.tandem.ingest.kafka.TopicOverrides;
import dev.tandem.ingest.kafka.TopicSpec;
import dev.tandem.ingest.kafka.Topics;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Fresh inventory and dead-letter topics per test on one shared broker, configured like the real
 * ones, so that tests never see each other's messages.
 */
final class TestTopics {
    private static final AtomicInteger NEXT = new AtomicInteger();

    final String inventory;
    final String deadLetters;

    private TestTopics(String inventory, String deadLetters) {
        this.inventory = inventory;
        this.deadLetters = deadLetters;
    }

    static TestTopics create(String bootstrapServers) {
        int n = NEXT.incrementAndGet();
        TopicSpec real = Topics.INVENTORY;
        TopicSpec inventory =
                new TopicSpec(
                        "test.inventory." + n,
                        real.partitions(),
                        real.cleanupPolicy(),
                        real.retentionMs(),
                        real.configs());
        TopicSpec deadLetters = new TopicSpec("test.deadletter." + n, 1, CleanupPolicy.DELETE, -1);
        try (Admin admin =
                Admin.create(
                        Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            new TopicAdmin(admin, Duration.ofSeconds(30))
                    .ensureTopics(List.of(inventory, deadLetters), TopicOverrides.none());
        }
        return new TestTopics(inventory.name(), deadLetters.name());
    }

    InventoryPublisher publisher(String bootstrapServers, Clock clock) {
        return new InventoryPublisher(
                new KafkaProducer<>(ProducerSettings.inventory(bootstrapServers)),
                inventory,
                deadLetters,
                clock);
    }
}
