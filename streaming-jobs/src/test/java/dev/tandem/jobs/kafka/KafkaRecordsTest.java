package dev.tandem.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.jobs.correlate.ModelTypes;
import dev.tandem.jobs.correlate.RawLine;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** How Kafka records become the job's inputs and how its outputs become Kafka records. */
class KafkaRecordsTest {
    private static final String POD_KEY = "pod/shop/frontend-6b9d8f7c4d-abcde";
    private static final String POD_VALUE =
            "{\"namespace\":\"shop\",\"name\":\"frontend-6b9d8f7c4d-abcde\",\"uid\":\"u-1\",\"ips\":[\"10.9.9.9\"],"
                    + "\"validFrom\":\"2026-11-20T09:00:00Z\",\"labels\":{\"app\":\"frontend\"},\"serviceAccount\":\"frontend\","
                    + "\"owner\":{\"kind\":\"ReplicaSet\",\"name\":\"frontend-6b9d8f7c4d\"},\"workload\":\"frontend\",\"node\":\"node-a\","
                    + "\"hostNetwork\":false,\"sidecarPresent\":true,\"phase\":\"Running\"}";

    @Test
    void aShippedLineIsDecodedInTheStreamOfItsPartitionAndFile() throws Exception {
        List<RawLine> lines = new ArrayList<>();
        new RawLineDeserializer()
                .deserialize(
                        record("tandem.proxy.raw", 3, 41, "node-a:/var/log/envoy.log", "a line"),
                        collector(lines));
        new RawLineDeserializer()
                .deserialize(record("tandem.proxy.raw", 3, 42, null, null), collector(lines));

        assertThat(lines.get(0).stream()).isEqualTo("tandem.proxy.raw-3:node-a:/var/log/envoy.log");
        assertThat(lines.get(0).position()).isEqualTo(41);
        assertThat(new String(lines.get(0).bytes(), StandardCharsets.UTF_8)).isEqualTo("a line");
        assertThat(lines.get(1).stream()).isEqualTo("tandem.proxy.raw-3");
        assertThat(lines.get(1).bytes()).isEmpty();
    }

    @Test
    void inventoryPodsPassTombstonesAreSkippedAndBrokenMessagesAreDeadLetters() throws Exception {
        OneInputStreamOperatorTestHarness<KafkaRecordBytes, PodRecord> harness =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(new InventoryReader()));
        harness.setup(ModelTypes.POD.createSerializer(new SerializerConfigImpl()));
        harness.open();

        harness.processElement(new StreamRecord<>(bytes(POD_KEY, POD_VALUE, 7)));
        harness.processElement(new StreamRecord<>(bytes(POD_KEY, null, 8)));
        harness.processElement(
                new StreamRecord<>(
                        bytes("pod/shop/broken-6b9d8f7c4d-qqqqq", "{\"namespace\":", 9)));
        harness.processElement(new StreamRecord<>(bytes("no-kind-here", POD_VALUE, 10)));

        assertThat(harness.extractOutputValues())
                .singleElement()
                .satisfies(
                        pod -> {
                            assertThat(pod.workload()).isEqualTo("frontend");
                            assertThat(pod.ips()).containsExactly("10.9.9.9");
                        });
        List<DeadLetter> letters = new ArrayList<>();
        harness.getSideOutput(InventoryReader.DEAD_LETTERS).forEach(r -> letters.add(r.getValue()));
        assertThat(letters).extracting(DeadLetter::position).containsExactly(9L, 10L);
        assertThat(letters).extracting(DeadLetter::source).containsOnly("tandem.inventory-1");
        assertThat(letters.get(1).reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(letters).allSatisfy(l -> assertThat(l.detail()).isNotBlank());
        harness.close();
    }

    @Test
    void outputsAreOneLineOfCanonicalJsonKeyedAsAsked() throws Exception {
        JsonRecordSerializer<DeadLetter> serializer =
                new JsonRecordSerializer<>("tandem.deadletter", DeadLetter::source);
        DeadLetter letter =
                new DeadLetter(
                        "tandem.flows.raw-2",
                        5,
                        DeadLetterReason.MALFORMED_JSON,
                        "unexpected end of input",
                        "{\"start_time\": 1".getBytes(StandardCharsets.UTF_8));

        ProducerRecord<byte[], byte[]> record = serializer.serialize(letter, null, 1234L);

        assertThat(record.topic()).isEqualTo("tandem.deadletter");
        // Stamped by the producer when written: an old event time would fall to retention at once.
        assertThat(record.timestamp()).isNull();
        assertThat(new String(record.key(), StandardCharsets.UTF_8))
                .isEqualTo("tandem.flows.raw-2");
        String value = new String(record.value(), StandardCharsets.UTF_8);
        assertThat(value).doesNotContain("\n");
        JsonNode json = new ObjectMapper().readTree(value);
        assertThat(json.get("reason").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(json.get("original").asText()).isEqualTo("{\"start_time\": 1");
    }

    private static ConsumerRecord<byte[], byte[]> record(
            String topic, int partition, long offset, String key, String value) {
        return new ConsumerRecord<>(
                topic,
                partition,
                offset,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static KafkaRecordBytes bytes(String key, String value, long offset) {
        return new KafkaRecordBytes(
                "tandem.inventory-1",
                offset,
                key.getBytes(StandardCharsets.UTF_8),
                value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static <T> Collector<T> collector(List<T> into) {
        return new Collector<>() {
            @Override
            public void collect(T record) {
                into.add(record);
            }

            @Override
            public void close() {}
        };
    }
}
