package dev.tandem.jobs.correlate.serialization;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.detect.LogKind;
import dev.tandem.ingest.detect.LogStreamDecoder;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.model.KernelEvidence;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.ProxyEvidence;
import dev.tandem.ingest.model.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * The canonical records cross Flink's network and state through Kryo; plain Kryo fails on their
 * read-only collections and Labels. These round trips are what a job restore depends on.
 */
class ModelTypeInfoTest {
    private static <T> T roundTrip(Class<T> type, T value) throws Exception {
        TypeSerializer<T> serializer =
                new ModelTypeInfo<>(type).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(value, out);
        T back = serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
        assertThat(serializer.copy(value)).isEqualTo(value);
        return back;
    }

    @Test
    void decodedEvidenceWithEnvelopeLabelsSurvivesARoundTrip() throws Exception {
        String line =
                "{\"log\":\"[2020-11-25T21:26:18.409Z] \\\"GET /status/418 HTTP/1.1\\\" 418 - via_upstream - \\\"-\\\" 0 135 4 4"
                        + " \\\"-\\\" \\\"curl/7.73.0-DEV\\\" \\\"84961386\\\" \\\"httpbin:8000\\\" \\\"10.44.1.27:80\\\""
                        + " outbound|8000||httpbin.foo.svc.cluster.local 10.44.1.23:37652 10.0.45.184:8000 10.44.1.23:46520 - default\","
                        + "\"kubernetes\":{\"pod_name\":\"sleep-6d68f49858-8hjzc\",\"namespace_name\":\"foo\",\"labels\":{\"app\":\"sleep\"}}}";
        List<Evidence> decoded = new ArrayList<>();
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        new LogStreamDecoder(LogKind.AUTO, "t")
                .accept(bytes, 0, bytes.length, 1, d -> decoded.add(d.value()));

        Evidence back = roundTrip(Evidence.class, decoded.get(0));

        assertThat(back).isEqualTo(decoded.get(0));
    }

    @Test
    void edgeWindowWithSortedMapsAndListsSurvivesARoundTrip() throws Exception {
        EndpointRef source =
                new EndpointRef(
                        "shop",
                        "checkout",
                        EndpointKind.WORKLOAD,
                        Labels.of(Map.of("app", "checkout", Labels.ISTIO_TLS_MODE, "istio")),
                        true,
                        "checkout");
        EdgeWindow window =
                new EdgeWindow(
                        source,
                        EndpointRef.external("203.0.113.50"),
                        443,
                        "tcp",
                        Instant.parse("2026-11-20T10:00:00Z"),
                        Instant.parse("2026-11-20T10:05:00Z"),
                        new KernelEvidence(1, 0, 1, 10, 2, 1, 0, List.of("curl"), List.of()),
                        new ProxyEvidence(
                                0,
                                2,
                                1,
                                1,
                                new TreeMap<>(Map.of("GET", 2L)),
                                null,
                                new TreeMap<>(Map.of(200, 2L)),
                                List.of("spiffe://a"),
                                List.of()),
                        Verdict.BYPASS_EGRESS,
                        0.95,
                        "why");

        EdgeWindow back = roundTrip(EdgeWindow.class, window);

        assertThat(back).isEqualTo(window);
        assertThat(back.proxy().methods()).containsEntry("GET", 2L);
        assertThat(back.source().labels().carriesIstioSidecar()).isTrue();
    }

    @Test
    void registeredClassesAreWrittenAsIdsNotNames() throws Exception {
        EdgeWindow window =
                new EdgeWindow(
                        EndpointRef.external("203.0.113.7"),
                        EndpointRef.external("203.0.113.50"),
                        443,
                        "tcp",
                        Instant.parse("2026-11-20T10:00:00Z"),
                        Instant.parse("2026-11-20T10:05:00Z"),
                        new KernelEvidence(1, 0, 1, 10, 2, 1, 0, List.of("curl"), List.of()),
                        new ProxyEvidence(
                                0,
                                1,
                                0,
                                1,
                                new TreeMap<>(Map.of("GET", 1L)),
                                new TreeMap<>(),
                                new TreeMap<>(Map.of(200, 1L)),
                                List.of(),
                                List.of()),
                        Verdict.PLAINTEXT,
                        0.9,
                        "why");
        TypeSerializer<EdgeWindow> serializer =
                new ModelTypeInfo<>(EdgeWindow.class).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(window, out);

        String written = new String(out.getCopyOfBuffer(), StandardCharsets.ISO_8859_1);

        assertThat(written).doesNotContain("dev.tandem", "java.util", "java.time");
    }
}
