package dev.tandem.jobs.correlate.serialization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.io.EOFException;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Decoded evidence crosses the {@code keyBy} into the resolver through {@link EvidenceSerializer}:
 * a record the resolver may turn into a dead letter reads back equal (the dead letter carries it
 * whole), any other with exactly what the resolver, its key and the edge's window read.
 */
class EvidenceSerializerTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00.123456789Z");

    private final TypeSerializer<Evidence> serializer = new EvidenceSerializer();

    private byte[] write(Evidence evidence) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(evidence, out);
        return out.getCopyOfBuffer();
    }

    private Evidence roundTrip(Evidence evidence) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(write(evidence));
        Evidence back = serializer.deserialize(in);
        assertThat(in.available()).isZero();
        return back;
    }

    @Test
    void everyRecordDecodedFromTheSharedSamplesCrossesWholeOrAsTheResolverReadsIt()
            throws IOException {
        List<Evidence> decoded = DecodedSamples.all();
        // The samples are bare lines: each proxy line again as a Fluent Bit envelope carries it.
        for (Evidence evidence : List.copyOf(decoded)) {
            if (evidence instanceof ProxyRequest request) {
                decoded.add(request.withPod(envelope("shop", "frontend-7d9f-abc")));
            }
        }
        int whole = 0;
        int trimmed = 0;
        for (Evidence evidence : decoded) {
            Evidence expected = whatCrosses(evidence);
            assertThat(roundTrip(evidence)).isEqualTo(expected);
            whole += expected == evidence ? 1 : 0;
            trimmed += expected == evidence ? 0 : 1;
        }
        assertThat(decoded).hasSizeGreaterThan(20);
        assertThat(decoded).hasAtLeastOneElementOfType(KernelFlow.class);
        assertThat(decoded).hasAtLeastOneElementOfType(ProxyRequest.class);
        assertThat(decoded)
                .anyMatch(e -> e instanceof ProxyRequest r && whatCrosses(r) != r)
                .anyMatch(e -> e instanceof ProxyRequest r && whatCrosses(r) == r);
        assertThat(whole).isPositive();
        assertThat(trimmed).isPositive();
    }

    @Test
    void aFlowWithATimeCrossesWithWhatTheResolverReads() throws IOException {
        KernelFlow flow = everyFlowField(T0, T0.plusSeconds(300));

        KernelFlow back = (KernelFlow) roundTrip(flow);

        assertThat(back).isEqualTo(resolverView(flow));
        assertThat(back.source().labels()).isEqualTo(flow.source().labels());
        assertThat(back.source().port()).isNull();
        assertThat(back.destinationService()).isNull();
        assertThat(back.policies().all()).isEqualTo(flow.policies().all());
        assertThat(back.policies().pending()).isEmpty();
        assertThat(back.processNames()).containsExactly("curl", "python3");
        assertThat(back.destinationDomains()).isEmpty();
        assertThat(back.host()).isNull();
        assertThat(back.tcpStats()).isNull();
        assertThat(write(flow).length).isLessThan(write(everyFlowField(null, null)).length);
    }

    @Test
    void aFlowWithoutAnyTimeBecomesADeadLetterSoItCrossesWhole() throws IOException {
        KernelFlow flow = everyFlowField(null, null);

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
        KernelFlow timed =
                new KernelFlow(
                        FlowOrigin.CALICO,
                        null,
                        T0,
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
        assertThat(roundTrip(timed)).isEqualTo(timed);
    }

    @Test
    void aRequestWhoseEnvelopeNamesItsPodCrossesWithWhatTheResolverReads() throws IOException {
        ProxyRequest request = everyRequestField(envelope("shop", "frontend-7d9f-abc"));

        ProxyRequest back = (ProxyRequest) roundTrip(request);

        assertThat(back).isEqualTo(resolverView(request));
        assertThat(back.path()).isEqualTo("/cart?item=ü");
        assertThat(back.pod().labels()).isEqualTo(request.pod().labels());
        assertThat(back.pod().owner()).isEqualTo(request.pod().owner());
        assertThat(back.upstreamCluster().kind()).isEqualTo(ClusterKind.OUTBOUND);
        assertThat(back.upstreamCluster().host()).isEqualTo("cart.shop.svc.cluster.local");
        assertThat(back.upstreamCluster().raw()).isNull();
        assertThat(back.requestId()).isNull();
        assertThat(back.bytesSent()).isZero();
    }

    @Test
    void aRequestWithoutAnEnvelopeThatNamesItsPodMayBecomeADeadLetterSoItCrossesWhole()
            throws IOException {
        ProxyRequest bare = everyRequestField(null);
        ProxyRequest noNamespace = everyRequestField(envelope(null, "frontend-7d9f-abc"));
        ProxyRequest noPod = everyRequestField(envelope("shop", null));
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

        assertThat(roundTrip(bare)).isEqualTo(bare);
        assertThat(roundTrip(noNamespace)).isEqualTo(noNamespace);
        assertThat(roundTrip(noPod)).isEqualTo(noPod);
        assertThat(roundTrip(few)).isEqualTo(few);
        assertThat(((ProxyRequest) roundTrip(few)).upstreamCluster().kind())
                .isEqualTo(ClusterKind.NONE);
    }

    @Test
    void listsOfTheLargestSizeReadBackAndLargerOnesFailWithTheirLength() throws IOException {
        List<String> largest = new ArrayList<>();
        for (int i = 0; i < Wire.MAX_LIST; i++) {
            largest.add("process-" + i);
        }
        List<String> tooLarge = new ArrayList<>(largest);
        tooLarge.add("one-more");

        assertThat(((KernelFlow) roundTrip(flowWithProcesses(largest))).processNames())
                .isEqualTo(largest);
        assertThat(((KernelFlow) roundTrip(flowWithProcesses(List.of()))).processNames()).isEmpty();
        DataInputDeserializer in = new DataInputDeserializer(write(flowWithProcesses(tooLarge)));
        assertThatThrownBy(() -> serializer.deserialize(in))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt length " + (Wire.MAX_LIST + 1));
    }

    @Test
    void aCorruptTagFailsWithAnIoException() {
        DataInputDeserializer in = new DataInputDeserializer(new byte[] {9});

        assertThatThrownBy(() -> serializer.deserialize(in))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("tag 9");
    }

    @Test
    void aTruncatedRecordFailsWithAnEndOfInputNotARecordMadeUp() throws IOException {
        byte[] flow = write(everyFlowField(T0, T0.plusSeconds(300)));
        byte[] request = write(everyRequestField(null));

        for (byte[] whole : List.of(flow, request)) {
            DataInputDeserializer in =
                    new DataInputDeserializer(Arrays.copyOf(whole, whole.length - 3));
            assertThatThrownBy(() -> serializer.deserialize(in)).isInstanceOf(EOFException.class);
        }
    }

    @Test
    void aNullAmongAFlowsProcessNamesFailsWithAReason() throws IOException {
        byte[] bytes = write(flowWithProcesses(List.of("curl")));
        // The process names are the flow's last field: a count of one, then one string.
        assertThat(bytes[bytes.length - 6]).isEqualTo((byte) 1);
        assertThat(bytes[bytes.length - 5]).isEqualTo((byte) ("curl".length() + 1));
        byte[] corrupt = Arrays.copyOf(bytes, bytes.length - 4);
        corrupt[corrupt.length - 1] = 0;

        DataInputDeserializer in = new DataInputDeserializer(corrupt);
        assertThatThrownBy(() -> serializer.deserialize(in))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("null element");
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

    /** The record itself when it may become a dead letter, else what the resolver reads of it. */
    private static Evidence whatCrosses(Evidence evidence) {
        if (evidence instanceof KernelFlow flow) {
            return flow.start() == null && flow.end() == null ? flow : resolverView(flow);
        }
        ProxyRequest request = (ProxyRequest) evidence;
        PodContext pod = request.pod();
        boolean named = pod != null && pod.namespace() != null && pod.pod() != null;
        return named ? resolverView(request) : request;
    }

    /**
     * A flow as the resolver reads it: times, both sides without their ports, port, protocol, and
     * what the edge's window counts (origin, action, reporters, all and enforced policies,
     * counters, process names).
     */
    private static KernelFlow resolverView(KernelFlow f) {
        return new KernelFlow(
                f.origin(),
                f.start(),
                f.end(),
                withoutPort(f.source()),
                withoutPort(f.destination()),
                f.destinationPort(),
                f.protocol(),
                f.action(),
                f.reporters(),
                null,
                new FlowPolicies(f.policies().all(), f.policies().enforced(), null, null),
                f.counters(),
                f.processNames(),
                null,
                null,
                null,
                null);
    }

    private static FlowEndpoint withoutPort(FlowEndpoint e) {
        return new FlowEndpoint(
                e.ip(), e.name(), e.nameAggregate(), e.namespace(), e.type(), e.labels(), null);
    }

    /**
     * A request as the resolver reads it: the addresses and cluster parts that place it, the
     * envelope without container and node, and what the edge's window counts.
     */
    private static ProxyRequest resolverView(ProxyRequest r) {
        UpstreamCluster cluster = r.upstreamCluster();
        PodContext pod = r.pod();
        return new ProxyRequest(
                r.startTime(),
                r.method(),
                r.path(),
                r.protocol(),
                r.responseCode(),
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
                r.authority(),
                r.upstreamHost(),
                new UpstreamCluster(cluster.kind(), null, cluster.port(), null, cluster.host()),
                null,
                r.downstreamLocalAddress(),
                r.downstreamRemoteAddress(),
                r.requestedServerName(),
                null,
                r.peerSpiffeId(),
                r.format(),
                new PodContext(
                        pod.namespace(),
                        pod.pod(),
                        pod.labels(),
                        null,
                        pod.podIp(),
                        null,
                        pod.owner()));
    }

    private static KernelFlow everyFlowField(Instant start, Instant end) {
        PolicyHit staged = new PolicyHit(0, "default", "staged:np-1", "deny", null, true);
        PolicyHit enforced = new PolicyHit(1, "security", "allow-dns", "allow", 3, false);
        return new KernelFlow(
                FlowOrigin.CALICO,
                start,
                end,
                new FlowEndpoint(
                        "10.0.0.7",
                        "frontend-7d9f-abc",
                        "frontend-7d9f-*",
                        "shop",
                        FlowEndpointType.WEP,
                        Labels.of(Map.of("app", "frontend", "tier", "wéb", "", "")),
                        40112),
                new FlowEndpoint(null, null, "pub", null, FlowEndpointType.NET, null, null),
                443,
                "tcp",
                FlowAction.DENY,
                List.of(FlowReporter.SRC, FlowReporter.DST),
                new DestinationService("shop", "cart", "https", 443),
                new FlowPolicies(
                        List.of(staged, enforced), List.of(enforced), List.of(staged), null),
                new FlowCounters(1, 2, 3, 4, 5, 6, 7, 8, Long.MIN_VALUE),
                List.of("curl", "python3"),
                List.of("192.0.2.1"),
                List.of("example.com", "例え.jp"),
                "node-1",
                new TcpStats(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, Long.MAX_VALUE));
    }

    private static KernelFlow flowWithProcesses(List<String> processNames) {
        FlowEndpoint nobody = new FlowEndpoint(null, null, null, null, null, null, null);
        return new KernelFlow(
                FlowOrigin.CALICO,
                T0,
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
                processNames,
                null,
                null,
                null,
                null);
    }

    private static PodContext envelope(String namespace, String pod) {
        return new PodContext(
                namespace,
                pod,
                Labels.of(Map.of("app", "frontend", "security.istio.io/tlsMode", "istio")),
                "istio-proxy",
                "10.0.0.7",
                "node-1",
                new OwnerRef("ReplicaSet", "frontend-7d9f"));
    }

    private static ProxyRequest everyRequestField(PodContext pod) {
        return new ProxyRequest(
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
                pod);
    }
}
