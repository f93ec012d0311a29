package dev.tandem.jobs.kafka;

import dev.tandem.ingest.json.CanonicalJson;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.Function;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes records to one topic as one line of canonical JSON ({@link CanonicalJson}), keyed so that
 * the records of one edge (or one source) share a partition and stay in order.
 */
public final class JsonRecordSerializer<T> implements KafkaRecordSerializationSchema<T> {
    private static final long serialVersionUID = 1L;

    /** The key of a record; serializable, as Flink ships it to the task managers. */
    @FunctionalInterface
    public interface KeyOf<T> extends Function<T, String>, Serializable {}

    private final String topic;
    private final KeyOf<T> key;

    public JsonRecordSerializer(String topic, KeyOf<T> key) {
        this.topic = Objects.requireNonNull(topic, "topic");
        this.key = Objects.requireNonNull(key, "key");
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T record, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(
                topic,
                null,
                timestamp,
                key.apply(record).getBytes(StandardCharsets.UTF_8),
                CanonicalJson.toJsonLine(record).getBytes(StandardCharsets.UTF_8));
    }
}
