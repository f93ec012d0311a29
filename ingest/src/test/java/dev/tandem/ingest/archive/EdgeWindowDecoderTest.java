package dev.tandem.ingest.archive;

import static dev.tandem.ingest.archive.SampleEdges.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.Labels;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.util.Utf8;
import org.junit.jupiter.api.Test;

class EdgeWindowDecoderTest {

    /** {@code record} with Avro's Utf8 text where Parquet hands it back so. */
    private static GenericRecord asParquetReturnsIt(EdgeWindow edge) {
        GenericRecord r = EdgeWindowAvro.toRecord(edge);
        r.put("source_workload", new Utf8(edge.source().workload()));
        r.put("protocol", new Utf8(edge.protocol()));
        Map<Utf8, Utf8> labels = new java.util.HashMap<>();
        edge.source().labels().asMap().forEach((k, v) -> labels.put(new Utf8(k), new Utf8(v)));
        r.put("source_labels", labels);
        return r;
    }

    @Test
    void decodesWhatFromRecordDecodesAndSharesRepeatedEndpoints() {
        EdgeWindowDecoder decoder = new EdgeWindowDecoder();
        EdgeWindow edge = SampleEdges.everyFieldSet(T0);

        EdgeWindow first = decoder.decode(asParquetReturnsIt(edge));
        EdgeWindow second = decoder.decode(asParquetReturnsIt(edge));

        assertThat(first).isEqualTo(edge).isEqualTo(second);
        assertThat(second.source()).isSameAs(first.source());
        assertThat(second.destination()).isSameAs(first.destination());
    }

    @Test
    void endpointsThatDifferInAnyValueStayApart() {
        EdgeWindowDecoder decoder = new EdgeWindowDecoder();
        EdgeWindow edge = SampleEdges.everyFieldSet(T0);
        EndpointRef s = edge.source();
        EdgeWindow relabelled =
                withSource(
                        edge,
                        new EndpointRef(
                                s.namespace(),
                                s.workload(),
                                s.kind(),
                                Labels.of(Map.of("app", "other")),
                                s.meshed(),
                                s.serviceAccount()));
        EdgeWindow unmeshed =
                withSource(
                        edge,
                        new EndpointRef(
                                s.namespace(),
                                s.workload(),
                                s.kind(),
                                s.labels(),
                                !s.meshed(),
                                s.serviceAccount()));

        List<EdgeWindow> back = new ArrayList<>();
        for (EdgeWindow w : List.of(edge, relabelled, unmeshed, edge)) {
            back.add(decoder.decode(asParquetReturnsIt(w)));
        }

        assertThat(back).containsExactly(edge, relabelled, unmeshed, edge);
    }

    @Test
    void readsFieldsByNameWhateverTheirOrderInTheFile() {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : EdgeWindowAvro.SCHEMA.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        Collections.reverse(fields);
        Schema reversed =
                Schema.createRecord("EdgeWindow", null, "dev.tandem.ingest.archive", false, fields);
        EdgeWindow edge = SampleEdges.everyFieldSet(T0);
        GenericRecord original = EdgeWindowAvro.toRecord(edge);
        GenericData.Record r = new GenericData.Record(reversed);
        for (Schema.Field f : reversed.getFields()) {
            r.put(f.name(), original.get(f.name()));
        }
        EdgeWindowDecoder decoder = new EdgeWindowDecoder();

        assertThat(decoder.decode(original)).isEqualTo(edge);
        assertThat(decoder.decode(r)).isEqualTo(edge);
        assertThat(decoder.decode(original)).isEqualTo(edge);
    }

    @Test
    void aSchemaWithoutARequiredFieldIsRejectedByName() {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : EdgeWindowAvro.SCHEMA.getFields()) {
            if (!f.name().equals("verdict")) {
                fields.add(new Schema.Field(f, f.schema()));
            }
        }
        Schema lacking = Schema.createRecord("EdgeWindow", null, "x", false, fields);
        GenericRecord original = EdgeWindowAvro.toRecord(SampleEdges.everyFieldSet(T0));
        GenericData.Record r = new GenericData.Record(lacking);
        for (Schema.Field f : lacking.getFields()) {
            r.put(f.name(), original.get(f.name()));
        }

        assertThatThrownBy(() -> new EdgeWindowDecoder().decode(r))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("archive record has no value for verdict");
    }

    private static EdgeWindow withSource(EdgeWindow w, EndpointRef source) {
        return new EdgeWindow(
                source,
                w.destination(),
                w.port(),
                w.protocol(),
                w.windowStart(),
                w.windowEnd(),
                w.kernel(),
                w.proxy(),
                w.verdict(),
                w.confidence(),
                w.reason());
    }
}
