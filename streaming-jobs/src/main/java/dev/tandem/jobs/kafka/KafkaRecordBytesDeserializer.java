package dev.tandem.jobs.kafka;

import dev.tandem.jobs.correlate.serialization.ModelTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Passes records on as bytes, tombstones included, for an operator to decode. */
public final class KafkaRecordBytesDeserializer
        implements KafkaRecordDeserializationSchema<KafkaRecordBytes> {
    private static final long serialVersionUID = 1L;

    static final TypeInformation<KafkaRecordBytes> TYPE =
            new ModelTypeInfo<>(KafkaRecordBytes.class);

    @Override
    public void deserialize(
            ConsumerRecord<byte[], byte[]> record, Collector<KafkaRecordBytes> out) {
        out.collect(
                new KafkaRecordBytes(
                        record.topic() + "-" + record.partition(),
                        record.offset(),
                        record.key(),
                        record.value()));
    }

    @Override
    public TypeInformation<KafkaRecordBytes> getProducedType() {
        return TYPE;
    }
}
