package dev.tandem.ingest.ship;

import dev.tandem.ingest.kafka.Topics;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The producer configuration of {@code tandem ship}: idempotent, {@code acks=all}, compressed
 * batches, bounded memory, and no give-up time, so that a broker outage delays records but never
 * drops them.
 */
public final class ProducerSettings {
    /** Bound on records waiting in the producer; when full, sending blocks (and says so). */
    public static final long BUFFER_MEMORY = 32L * 1024 * 1024;

    private ProducerSettings() {}

    /**
     * The producer configuration for shipping to {@code bootstrapServers}.
     *
     * @param clientId names this producer in the broker's logs and metrics
     */
    public static Map<String, Object> forShipping(String bootstrapServers, String clientId) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        // Idempotence keeps order per partition with up to 5 requests in flight, retries included.
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compressionCodec());
        // Log lines are small and similar: large batches compress well and cut requests; 10 ms of
        // linger costs nothing next to a flow log's 300-second flush interval.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.BUFFER_MEMORY_CONFIG, BUFFER_MEMORY);
        config.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Topics.MAX_MESSAGE_BYTES);
        // Never expire a record: an outage of any length ends with everything delivered. The
        // bound on memory is buffer.memory; send() then blocks up to max.block.ms at a time and
        // the publisher logs and tries again.
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Integer.MAX_VALUE);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        config.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 2_000);
        return config;
    }

    /**
     * The fastest codec present at run time: kafka-clients 4.2 brings lz4-java, zstd-jni and
     * snappy-java as runtime dependencies, but a trimmed class path may lack them, and a producer
     * configured with a missing codec fails on its first batch. gzip is in the JDK.
     */
    public static String compressionCodec() {
        if (present("net.jpountz.lz4.LZ4Factory")) {
            return "lz4";
        }
        if (present("com.github.luben.zstd.Zstd")) {
            return "zstd";
        }
        return "gzip";
    }

    private static boolean present(String className) {
        try {
            Class.forName(className, false, ProducerSettings.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
