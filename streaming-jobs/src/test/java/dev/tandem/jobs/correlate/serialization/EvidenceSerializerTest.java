package dev.tandem.jobs.correlate.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.ingest.detect.LogKind;
import dev.tandem.ingest.detect.LogStreamDecoder;
import dev.tandem.ingest.model.ClusterKind;
import dev.tandem.ingest.model.DestinationService;
import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowCounters;
import dev.tandem.ingest.model.FlowEndpoint;
import dev.tandem.ingest.model.FlowEndpointType;
import dev.tandem.ingest.model.FlowOrigin;
import dev.tandem.ingest.model.FlowPolicies;
import dev.tandem.ingest.model.FlowReporter;
import dev.tandem.ingest.model.HostPort;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.OwnerRef;
import dev.tandem.ingest.model.PodContext;
import dev.tandem.ingest.model.PolicyHit;
import dev.tandem.ingest.model.ProxyLogFormat;
import dev.tandem.ingest.model.ProxyRequest;
import dev.tandem.ingest.model.TcpStats;
import dev.tandem.ingest.model.UpstreamCluster;
import dev.tandem.ingest.testing.SharedFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Decoded evidence crosses the {@code keyBy} into the resolver through {@link EvidenceSerializer}:
 * every field must read back as written, since the resolver's dead letters carry the record whole.
 */
class EvidenceSerializerTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00.123456789Z");

    private final TypeSerializer<Evidence> serializer = new EvidenceSerializer();

    private Evidence roundTrip(Evidence evidence) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(evidence, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        Evidence back = serializer.deserialize(in);
        assertThat(in.available()).isZero();
        return back;
    }

    @Test
    void everyRecordDecodedFromTheSharedSamplesReadsBackEqual() throws IOException {
        List<Evidence> decoded = new ArrayList<>();
        for (Path file : sampleFiles()) {
            byte[] all = Files.readAllBytes(file);
            LogStreamDecoder decoder = new LogStreamDecoder(LogKind.AUTO, file.toString());
            int start = 0;
            long position = 1;
            for (int i = 0; i <= all.length; i++) {
                if (i == all.length || all[i] == '\n') {
                    decoder.accept(
                            all,
                            start,
                            i - start,
                            position++,
                            d -> {
                                if (d.isOk()) {
                                    decoded.add(d.value());
                                }
                            });
                    start = i + 1;
                }
            }
        }

        for (Evidence evidence : decoded) {
            assertThat(roundTrip(evidence)).isEqualTo(evidence);
        }
        assertThat(decoded).hasSizeGreaterThan(20);
        assertThat(decoded).hasAtLeastOneElementOfType(KernelFlow.class);
        assertThat(decoded).hasAtLeastOneElementOfType(ProxyRequest.class);
    }

    @Test
    void aFlowWithEveryFieldSetReadsBackEqual() throws IOException {
        PolicyHit staged = new PolicyHit(0, "default", "staged:np-1", "deny", null, true);
        PolicyHit enforced = new PolicyHit(1, "security", "allow-dns", "allow", 3, false);
        KernelFlow flow =
                new KernelFlow(
                        FlowOrigin.CALICO,
                        T0,
                        T0.plusSeconds(300),
                        new FlowEndpoint(
                                "10.0.0.7",
                                "frontend-7d9f-abc",
                                "frontend-7d9f-*",
                                "shop",
                                FlowEndpointType.WEP,
                                Labels.of(Map.of("app", "frontend", "tier", "wéb")),
                                40112),
                        new FlowEndpoint(null, null, "pub", null, FlowEndpointType.NET, null, null),
                        443,
                        "tcp",
                        FlowAction.DENY,
                        List.of(FlowReporter.SRC, FlowReporter.DST),
                        new DestinationService("shop", "cart", "https", 443),
                        new FlowPolicies(
                                List.of(staged, enforced),
                                List.of(enforced),
                                List.of(staged),
                                null),
                        new FlowCounters(1, 2, 3, 4, 5, 6, 7, 8, 9),
                        List.of("curl", "python3"),
                        List.of("192.0.2.1"),
                        List.of("example.com", "例え.jp"),
                        "node-1",
                        new TcpStats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, Long.MAX_VALUE));

        assertThat(roundTrip(flow)).isEqualTo(flow);
    }

    @Test
    void aFlowWithOnlyItsRequiredFieldsReadsBackEqual() throws IOException {
        FlowEndpoint nobody = new FlowEndpoint(null, null, null, null, null, null, null);
        KernelFlow flow =
                new KernelFlow(
                        FlowOrigin.CALICO,
                        null,
                        null,
                        nobody,
                        nobody,
                        null,
                        null,
                        FlowAction.ALLOW,
                        List.of(),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null);

        assertThat(roundTrip(flow)).isEqualTo(flow);
    }

    @Test
    void aRequestWithEveryFieldSetAndOneWithFewReadBackEqual() throws IOException {
        ProxyRequest full =
                new ProxyRequest(
                        T0,
                        "POST",
                        "/cart?item=ü",
                        "HTTP/2",
                        503,
                        "UF,URX",
                        "upstream_reset_before_response_started{connection_failure}",
                        "-",
                        "delayed connect error: 111",
                        123,
                        4567,
                        89L,
                        0L,
                        "203.0.113.9",
                        "curl/8.0",
                        "5b6a6c0e-0d4b-4f43-9b0c-7f2d3b1c9e10",
                        "cart:8080",
                        new HostPort("10.0.0.9", 8080),
                        UpstreamCluster.parse("outbound|8080|v1|cart.shop.svc.cluster.local"),
                        new HostPort("10.0.0.7", 40112),
                        new HostPort("10.96.0.10", 8080),
                        new HostPort("fd00::1", -1),
                        "outbound_.8080_._.cart.shop.svc.cluster.local",
                        "default",
                        "spiffe://cluster.local/ns/shop/sa/frontend",
                        ProxyLogFormat.JSON,
                        new PodContext(
                                "shop",
                                "frontend-7d9f-abc",
                                Labels.of(Map.of("app", "frontend")),
                                "istio-proxy",
                                "10.0.0.7",
                                "node-1",
                                new OwnerRef("ReplicaSet", "frontend-7d9f")));
        ProxyRequest few =
                new ProxyRequest(
                        T0,
                        null,
                        null,
                        null,
                        0,
                        null,
                        null,
                        null,
                        null,
                        0,
                        0,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        ProxyLogFormat.TEXT,
                        null);

        assertThat(roundTrip(full)).isEqualTo(full);
        assertThat(roundTrip(few)).isEqualTo(few);
        assertThat(((ProxyRequest) roundTrip(few)).upstreamCluster().kind())
                .isEqualTo(ClusterKind.NONE);
    }

    @Test
    void aCorruptTagFailsWithAnIoException() {
        DataInputDeserializer in = new DataInputDeserializer(new byte[] {9});

        assertThatThrownBy(() -> serializer.deserialize(in))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("tag 9");
    }

    @Test
    void aWrittenSnapshotRestoresTheSerializerAndIsCompatibleAsIs() throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<Evidence> restored =
                TypeSerializerSnapshot.readVersionedSnapshot(
                        new DataInputDeserializer(out.getCopyOfBuffer()),
                        getClass().getClassLoader());

        assertThat(restored.restoreSerializer()).isEqualTo(new EvidenceSerializer());
        TypeSerializerSchemaCompatibility<Evidence> compatibility =
                serializer.snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
    }

    private static List<Path> sampleFiles() throws IOException {
        try (Stream<Path> files = Files.walk(SharedFiles.path("formats"))) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> !f.getFileName().toString().endsWith(".SOURCE.txt"))
                    .sorted()
                    .toList();
        }
    }
}
