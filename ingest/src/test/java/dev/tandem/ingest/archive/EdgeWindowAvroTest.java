package dev.tandem.ingest.archive;

import static dev.tandem.ingest.archive.SampleEdges.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.ingest.model.EdgeWindow;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

class EdgeWindowAvroTest {

    @Test
    void everyFieldSurvivesTheRoundTrip() {
        EdgeWindow edge = SampleEdges.everyFieldSet(T0);

        EdgeWindow back = EdgeWindowAvro.fromRecord(EdgeWindowAvro.toRecord(edge));

        assertThat(back).isEqualTo(edge);
        assertThat(back.source().labels().get("team")).isEqualTo("a: b # ünïcødé \"quoted\"\n");
        assertThat(back.proxy().responseCodes()).containsEntry(503, 2L);
    }

    @Test
    void emptiesAndNullsSurviveTheRoundTrip() {
        EdgeWindow edge = SampleEdges.everythingEmpty(T0);

        EdgeWindow back = EdgeWindowAvro.fromRecord(EdgeWindowAvro.toRecord(edge));

        assertThat(back).isEqualTo(edge);
        assertThat(back.source().namespace()).isNull();
        assertThat(back.reason()).isNull();
        assertThat(back.proxy().methods()).isEmpty();
    }

    @Test
    void recordFollowsTheSchemaWithFlatColumns() {
        GenericRecord record = EdgeWindowAvro.toRecord(SampleEdges.everyFieldSet(T0));

        assertThat(record.getSchema()).isSameAs(EdgeWindowAvro.SCHEMA);
        assertThat(record.get("window_start")).isEqualTo(T0.toEpochMilli());
        assertThat(record.get("source_kind")).isEqualTo("workload");
        assertThat(record.get("proxy_response_codes").toString()).isEqualTo("{200=10, 503=2}");
        assertThat(EdgeWindowAvro.SCHEMA.getField("reason").schema().getType())
                .isEqualTo(Schema.Type.UNION);
        assertThat(EdgeWindowAvro.SCHEMA.getField("window_end").schema().getLogicalType().getName())
                .isEqualTo("timestamp-millis");
    }

    @Test
    void readsAvroUtf8TextAsParquetReadersReturnIt() {
        GenericRecord record = EdgeWindowAvro.toRecord(SampleEdges.everyFieldSet(T0));
        record.put("source_workload", new Utf8("productpage-v1"));
        record.put("proxy_methods", Map.of(new Utf8("GET"), 11L, new Utf8("POST"), 1L));

        EdgeWindow back = EdgeWindowAvro.fromRecord(record);

        assertThat(back).isEqualTo(SampleEdges.everyFieldSet(T0));
    }

    @Test
    void rejectsAResponseCodeThatIsNotANumber() {
        GenericRecord record = EdgeWindowAvro.toRecord(SampleEdges.everyFieldSet(T0));
        record.put("proxy_response_codes", Map.of("OK", 1L));

        assertThatThrownBy(() -> EdgeWindowAvro.fromRecord(record))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("response code is not a number: OK");
    }

    @Test
    void rejectsAMissingRequiredField() {
        GenericRecord record = EdgeWindowAvro.toRecord(SampleEdges.everyFieldSet(T0));
        record.put("verdict", null);

        assertThatThrownBy(() -> EdgeWindowAvro.fromRecord(record))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("verdict");
    }
}
