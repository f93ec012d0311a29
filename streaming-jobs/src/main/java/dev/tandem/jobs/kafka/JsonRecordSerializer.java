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

    /**
     * The record goes out without a timestamp, so the producer stamps it with the time it is
     * written, not with Flink's event time. Kafka deletes by record timestamp: a topic keeps edges
     * 7 days and alerts 30, so a job catching up on logs older than that (after an outage, or
     * replaying an incident) would write records the broker deletes at once, before anyone reads
     * them. The event time is in the record itself.
     */
    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            T record, KafkaSinkContext context, Long eventTime) {
        return new ProducerRecord<>(
                topic,
                null,
                null,
                key.apply(record).getBytes(StandardCharsets.UTF_8),
                CanonicalJson.toJsonLine(record).getBytes(StandardCharsets.UTF_8));
    }
}
