package dev.tandem.jobs.correlate;

import static dev.tandem.jobs.correlate.Fixtures.PRODUCTPAGE;
import static dev.tandem.jobs.correlate.Fixtures.REVIEWS;
import static dev.tandem.jobs.correlate.Fixtures.T0;
import static dev.tandem.jobs.correlate.Fixtures.inbound;
import static dev.tandem.jobs.correlate.Fixtures.kernel;
import static dev.tandem.jobs.correlate.Fixtures.minutes;
import static dev.tandem.jobs.correlate.Fixtures.outbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tandem.ingest.detect.LogKind;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowReporter;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.OwnerRef;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.ingest.model.Verdict;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #4's named scenarios that had no operator test: Goldmane flows (decoded, resolved and
 * judged), host-network pods, a client that skips its own sidecar, and a node whose clock is 30 s
 * off. Long gRPC streams are in {@link LongStreamTest}. Window W0 = [T0, T0+5m) is due at T0+7m.
 */
class NamedScenariosTest {
    private static final Instant W0_DUE = minutes(7);
    private static final Instant W1_DUE = minutes(12);

    private KeyedOneInputStreamOperatorTestHarness<String, EdgeEvidence, EdgeWindow> builder;

    @BeforeEach
    void open() throws Exception {
        builder =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new EdgeWindowBuilder(Fixtures.SETTINGS)),
                        new EdgeKeySelector(),
                        Types.STRING);
        builder.setup(ModelTypes.EDGE_WINDOW.createSerializer(new SerializerConfigImpl()));
        builder.open();
    }

    @AfterEach
    void close() throws Exception {
        builder.close();
    }

    private void send(EdgeEvidence... evidence) throws Exception {
        for (EdgeEvidence e : evidence) {
            builder.processElement(e, e.eventTime().toEpochMilli());
        }
    }

    private void watermark(Instant at) throws Exception {
        builder.processWatermark(at.toEpochMilli());
    }

    private List<EdgeWindow> judged() {
        return builder.extractOutputValues();
    }

    private boolean nothingLate() {
        return builder.getSideOutput(EdgeWindowBuilder.LATE) == null;
    }

    // ---- Goldmane ----

    /** Goldmane's emitter lines (ingest's test resources), decoded as the job decodes them. */
    private static List<Evidence> decodedGoldmaneFlows() throws Exception {
        OneInputStreamOperatorTestHarness<RawLine, Evidence> decoder =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(new EvidenceDecoder(LogKind.AUTO, "flows")));
        decoder.setup(ModelTypes.EVIDENCE.createSerializer(new SerializerConfigImpl()));
        decoder.open();
        try (InputStream in =
                        NamedScenariosTest.class
                                .getClassLoader()
                                .getResourceAsStream("goldmane/emitter-proto-names.ndjson");
                BufferedReader lines =
                        new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            long position = 0;
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                decoder.processElement(
                        RawLine.of(
                                "goldmane.ndjson",
                                ++position,
                                line.getBytes(StandardCharsets.UTF_8)),
                        0L);
            }
            return new ArrayList<>(decoder.extractOutputValues());
        } finally {
            decoder.close();
        }
    }

    /** Evidence resolved to edges by the job's resolver, with no inventory. */
    private static List<EdgeEvidence> resolved(List<Evidence> evidence) throws Exception {
        KeyedBroadcastOperatorTestHarness<Integer, Evidence, PodRecord, EdgeEvidence> resolver =
                EndpointResolverTest.openHarness();
        try {
            resolver.watermark(Long.MAX_VALUE); // nothing waits for an inventory
            for (Evidence e : evidence) {
                resolver.processElement(e, 0L);
            }
            return new ArrayList<>(resolver.extractOutputValues());
        } finally {
            resolver.close();
        }
    }

    @Test
    void goldmaneFlowsAreDecodedResolvedAndJudgedLikeCalicosAggregatedRecords() throws Exception {
        List<EdgeEvidence> flows = resolved(decodedGoldmaneFlows());
        assertThat(flows).hasSize(4);
        // frontend -> checkoutservice:5050, both meshed (Goldmane names aggregated pods, no IPs).
        EdgeEvidence grpc = flows.get(0);
        assertThat(grpc.edgeKey())
                .isEqualTo(
                        "workload|online-boutique/frontend"
                                + ">workload|online-boutique/checkoutservice:5050/tcp");
        Instant start = grpc.eventTime(); // Goldmane's 15-second interval, at a window start
        for (EdgeEvidence flow : flows) {
            send(flow);
        }
        // Both sidecars logged the call.
        send(
                outbound(grpc.source(), grpc.destination(), 5050, start.plusSeconds(5)),
                inbound(grpc.source(), grpc.destination(), 5050, start.plusSeconds(5), true));
        watermark(start.plus(Fixtures.WINDOW).plus(Fixtures.SETTINGS.slack()));

        assertThat(judged())
                .extracting(
                        w -> w.source().workload() + ">" + w.destination().workload(),
                        EdgeWindow::verdict,
                        EdgeWindow::confidence)
                .containsExactlyInAnyOrder(
                        tuple("frontend>checkoutservice", Verdict.MEDIATED, 1.0),
                        // a Calico deny on the destination's side (Goldmane action 2)
                        tuple("loadgenerator>paymentservice", Verdict.DENIED, 1.0),
                        // the public internet into an unmeshed frontend
                        tuple("pub>frontend", Verdict.UNMESHED, 1.0),
                        tuple("cartservice>coredns", Verdict.UNMESHED, 1.0));
    }

    @Test
    void goldmaneFlowOfAMeshedCallWithoutSidecarLinesIsABypass() throws Exception {
        EdgeEvidence grpc = resolved(decodedGoldmaneFlows()).get(0);
        send(grpc);
        watermark(grpc.eventTime().plus(Fixtures.WINDOW).plus(Fixtures.SETTINGS.slack()));

        // Only the destination's node reported it (Goldmane reporter 2): 0.6, not 0.8.
        assertThat(judged()).hasSize(1);
        assertThat(judged().get(0).verdict()).isEqualTo(Verdict.BYPASS_EGRESS);
        assertThat(judged().get(0).confidence()).isEqualTo(0.6);
        assertThat(judged().get(0).kernel().connectionsStarted()).isEqualTo(3);
    }

    // ---- host-network pods ----

    /** node-exporter: host network, and labelled as if injected (Istio skips such pods). */
    private static PodRecord hostNetworkPod(String nodeIp) {
        return new PodRecord(
                "monitoring",
                "node-exporter-x7k2p",
                "node-exporter-x7k2p-uid",
                List.of(nodeIp),
                T0.minusSeconds(3600),
                null,
                Labels.of(Map.of("app", "node-exporter", Labels.ISTIO_TLS_MODE, "istio")),
                "node-exporter",
                new OwnerRef("DaemonSet", "node-exporter"),
                "node-exporter",
                "node-a",
                true,
                true,
                "Running");
    }

    @Test
    void hostNetworkPodResolvesToItsNodeAndIsNeverASidecarBypass() throws Exception {
        KeyedBroadcastOperatorTestHarness<Integer, Evidence, PodRecord, EdgeEvidence> resolver =
                EndpointResolverTest.openHarness();
        List<EdgeEvidence> edges;
        try {
            resolver.watermark(Long.MAX_VALUE);
            resolver.processBroadcastElement(hostNetworkPod("10.0.1.11"), 0L);
            resolver.processElement(
                    Fixtures.flow(
                            Fixtures.podIp("10.0.1.11"),
                            Fixtures.externalIp("203.0.113.50"),
                            443,
                            FlowAction.ALLOW,
                            List.of(FlowReporter.SRC),
                            T0,
                            List.of("node_exporter")),
                    0L);
            edges = new ArrayList<>(resolver.extractOutputValues());
        } finally {
            resolver.close();
        }
        assertThat(edges).hasSize(1);
        EdgeEvidence edge = edges.get(0);
        assertThat(edge.source().kind()).isEqualTo(EndpointKind.HOST);
        assertThat(edge.source().workload()).isEqualTo("node-a");
        assertThat(edge.source().meshed()).isFalse();

        send(edge);
        watermark(W0_DUE);

        // A process other than Envoy, from a "meshed" label: still no sidecar to bypass.
        assertThat(judged()).hasSize(1);
        assertThat(judged().get(0).verdict()).isEqualTo(Verdict.UNMESHED);
        assertThat(judged().get(0).verdict().isFinding()).isFalse();
    }

    // ---- a client that skips its own sidecar ----

    @Test
    void clientSkippingItsOwnSidecarIsBypassEgressNotPlaintext() throws Exception {
        // productpage is meshed but sends straight to reviews (e.g. as uid 1337, or on an excluded
        // outbound port): no outbound line at the client; the server's sidecar still intercepts it
        // and logs it without mTLS. PLAINTEXT would blame the server's policy; the cause is the
        // client going around its own sidecar, which BYPASS_EGRESS names (and it ranks higher).
        send(
                kernel(PRODUCTPAGE, REVIEWS, 9080, T0, FlowReporter.SRC, FlowReporter.DST),
                inbound(PRODUCTPAGE, REVIEWS, 9080, minutes(1), false));
        watermark(W0_DUE);

        assertThat(judged()).hasSize(1);
        EdgeWindow window = judged().get(0);
        assertThat(window.verdict()).isEqualTo(Verdict.BYPASS_EGRESS);
        assertThat(window.confidence()).isEqualTo(0.8);
        assertThat(window.proxy().plaintextRequests()).isEqualTo(1);
        assertThat(window.proxy().outboundRequests()).isZero();
    }

    // ---- a node whose clock is 30 s off ----

    /**
     * productpage on node-a (right clock) calls reviews on node-b at T0+4m45s. node-b's clock is
     * {@code skewSeconds} off, so its flow report and its sidecar's line fall in the window next to
     * node-a's. Records arrive as the job's watermark strategy sees them: each source holds the
     * watermark 1 minute behind the newest time it has seen.
     */
    private void callAcrossNodesWithSkew(long skewSeconds) throws Exception {
        Instant real = minutes(4.75);
        Instant nodeB = real.plusSeconds(skewSeconds);
        Instant nodeBInterval = Instant.ofEpochMilli(nodeB.toEpochMilli() / 300_000 * 300_000);
        send(
                kernel(PRODUCTPAGE, REVIEWS, 9080, T0, FlowReporter.SRC),
                outbound(PRODUCTPAGE, REVIEWS, 9080, real));
        send(
                kernel(PRODUCTPAGE, REVIEWS, 9080, nodeBInterval, FlowReporter.DST),
                inbound(PRODUCTPAGE, REVIEWS, 9080, nodeB, true));
        Instant newest = real.isAfter(nodeB) ? real : nodeB;
        watermark(newest.minus(Fixtures.SETTINGS.outOfOrderness()));
        watermark(W1_DUE);
    }

    @Test
    void nodeThirtySecondsAheadIsStillMediatedAndNothingIsLate() throws Exception {
        callAcrossNodesWithSkew(30);

        assertThat(judged())
                .extracting(EdgeWindow::windowStart, EdgeWindow::verdict, EdgeWindow::confidence)
                .containsExactly(
                        tuple(T0, Verdict.MEDIATED, 0.7), tuple(minutes(5), Verdict.MEDIATED, 0.7));
        assertThat(judged().get(1).kernel().destinationReportedFlows()).isEqualTo(1);
        assertThat(nothingLate()).isTrue();
    }

    @Test
    void nodeThirtySecondsBehindIsStillMediatedAndNothingIsLate() throws Exception {
        // node-b's clock is 30 s behind: the call at T0+5m15s is stamped T0+4m45s on node-b, so
        // node-b's report and line fall in W0, node-a's in W1, and node-b's come "late".
        Instant real = minutes(5.25);
        Instant nodeB = real.minusSeconds(30);
        send(
                kernel(PRODUCTPAGE, REVIEWS, 9080, minutes(5), FlowReporter.SRC),
                outbound(PRODUCTPAGE, REVIEWS, 9080, real));
        watermark(real.minus(Fixtures.SETTINGS.outOfOrderness()));
        send(
                kernel(PRODUCTPAGE, REVIEWS, 9080, T0, FlowReporter.DST),
                inbound(PRODUCTPAGE, REVIEWS, 9080, nodeB, true));
        watermark(W1_DUE);

        assertThat(judged())
                .extracting(EdgeWindow::windowStart, EdgeWindow::verdict, EdgeWindow::confidence)
                .containsExactly(
                        tuple(T0, Verdict.MEDIATED, 0.7), tuple(minutes(5), Verdict.MEDIATED, 0.7));
        assertThat(nothingLate()).isTrue();
    }

    @Test
    void skewedNodeStillLeavesNoStateBehind() throws Exception {
        callAcrossNodesWithSkew(30);
        watermark(minutes(20));

        assertThat(builder.numKeyedStateEntries()).isZero();
        assertThat(builder.numEventTimeTimers()).isZero();
    }
}
