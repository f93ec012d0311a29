package dev.tandem.inventory.watch;

import dev.tandem.ingest.kafka.Topics;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** How the inventory producer talks to Kafka. */
final class ProducerSettings {
    private ProducerSettings() {}

    /**
     * Idempotent, {@code acks=all}: a retried send never duplicates or reorders the messages of one
     * key, and the delete of a pod can never overtake its final record on the compacted topic.
     */
    static Map<String, Object> inventory(String bootstrapServers) {
        Map<String, Object> settings = new TreeMap<>();
        settings.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ProducerConfig.CLIENT_ID_CONFIG, "tandem-inventory");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        settings.put(ProducerConfig.ACKS_CONFIG, "all");
        settings.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        settings.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Pod churn comes in bursts (a rollout): a few milliseconds batch a burst into one request.
        settings.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        settings.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_MESSAGE_BYTES);
        settings.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        settings.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return settings;
    }
}
