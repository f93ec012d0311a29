package dev.tandem.jobs.kafka;

import dev.tandem.jobs.correlate.ModelTypes;
import dev.tandem.jobs.correlate.RawLine;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Reads a raw topic's records as log lines. The stream name is {@code topic-partition} plus the
 * record key when there is one: the shipper keys a file's lines by {@code NODE:PATH}, and CRI
 * partial lines join only within one file, while one partition interleaves many files. A record
 * without a value (nothing a shipper sends) is an empty line, which the decoder reports.
 */
public final class RawLineDeserializer implements KafkaRecordDeserializationSchema<RawLine> {
    private static final long serialVersionUID = 1L;

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawLine> out) {
        String partition = record.topic() + "-" + record.partition();
        String stream =
                record.key() == null
                        ? partition
                        : partition + ":" + new String(record.key(), StandardCharsets.UTF_8);
        byte[] value = record.value() == null ? new byte[0] : record.value();
        out.collect(RawLine.of(stream, record.offset(), value));
    }

    @Override
    public TypeInformation<RawLine> getProducedType() {
        return ModelTypes.RAW_LINE;
    }
}
