package dev.tandem.jobs.correlate;

import static dev.tandem.jobs.correlate.Fixtures.BATCH;
import static dev.tandem.jobs.correlate.Fixtures.EXTERNAL_API;
import static dev.tandem.jobs.correlate.Fixtures.LEGACY;
import static dev.tandem.jobs.correlate.Fixtures.NODE;
import static dev.tandem.jobs.correlate.Fixtures.PRODUCTPAGE;
import static dev.tandem.jobs.correlate.Fixtures.REVIEWS;
import static dev.tandem.jobs.correlate.Fixtures.T0;
import static dev.tandem.jobs.correlate.Fixtures.inbound;
import static dev.tandem.jobs.correlate.Fixtures.kernel;
import static dev.tandem.jobs.correlate.Fixtures.minutes;
import static dev.tandem.jobs.correlate.Fixtures.outbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowReporter;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EdgeWindowBuilderTest {
    private static final FlowReporter SRC = FlowReporter.SRC;
    private static final FlowReporter DST = FlowReporter.DST;

    private static final EndpointRef KUBE_DNS = Fixtures.unmeshed("kube-system", "coredns");

    /** A standalone Envoy gateway: its own proxy, not a sidecar. */
    private static final EndpointRef GATEWAY =
            new EndpointRef(
                    "istio-system",
                    "istio-ingressgateway",
                    EndpointKind.WORKLOAD,
                    Labels.of(Map.of("app", "istio-ingressgateway", "istio", "ingressgateway")),
                    true,
                    "istio-ingressgateway-service-account");

    /** istiod has no sidecar; Calico reports its pod labels. */
    private static final EndpointRef ISTIOD =
            new EndpointRef(
                    "istio-system",
                    "istiod",
                    EndpointKind.WORKLOAD,
                    Labels.of(Map.of("app", "istiod", "istio", "pilot")),
                    false,
                    "istiod");

    /** Window [T0, T0+5m) is judged when the watermark reaches T0+5m+2m slack. */
    private static final Instant FIRST_WINDOW_JUDGED = minutes(7);

    private KeyedOneInputStreamOperatorTestHarness<String, EdgeEvidence, EdgeWindow> harness;

    @BeforeEach
    void open() throws Exception {
        create();
        harness.open();
    }

    private void create() throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new EdgeWindowBuilder(Fixtures.SETTINGS)),
                        new EdgeKeySelector(),
                        Types.STRING);
        harness.setup(ModelTypes.EDGE_WINDOW.createSerializer(new SerializerConfigImpl()));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(EdgeEvidence... evidence) throws Exception {
        for (EdgeEvidence e : evidence) {
            harness.processElement(e, e.eventTime().toEpochMilli());
        }
    }

    private void watermark(Instant at) throws Exception {
        harness.processWatermark(at.toEpochMilli());
    }

    private List<EdgeWindow> judged() {
        return harness.extractOutputValues();
    }

    private EdgeWindow onlyWindow() {
        assertThat(judged()).hasSize(1);
        return judged().get(0);
    }

    @Test
    void meshedServerWithKernelTrafficAndNoInboundLineIsBypassIngress() throws Exception {
        send(kernel(LEGACY, REVIEWS, 9080, T0, DST));
        watermark(FIRST_WINDOW_JUDGED);

        EdgeWindow window = onlyWindow();
        assertThat(window.verdict()).isEqualTo(Verdict.BYPASS_INGRESS);
        assertThat(window.confidence()).isEqualTo(0.8);
        assertThat(window.windowStart()).isEqualTo(T0);
        assertThat(window.windowEnd()).isEqualTo(minutes(5));
        assertThat(window.port()).isEqualTo(9080);
        assertThat(window.kernel().destinationReportedFlows()).isEqualTo(1);
    }

    @Test
    void windowIsNotJudgedBeforeTheSlackHasPassed() throws Exception {
        send(kernel(LEGACY, REVIEWS, 9080, T0, DST));
        watermark(minutes(6.9));

        assertThat(judged()).isEmpty();
    }

    @Test
    void egressToExternalIpThroughPassthroughClusterIsMediated() throws Exception {
        send(
                kernel(PRODUCTPAGE, EXTERNAL_API, 443, T0, SRC),
                outbound(PRODUCTPAGE, EXTERNAL_API, 443, minutes(2)));
        watermark(FIRST_WINDOW_JUDGED);

        assertThat(onlyWindow().verdict()).isEqualTo(Verdict.MEDIATED);
        assertThat(onlyWindow().confidence()).isEqualTo(1.0);
        assertThat(onlyWindow().proxy().outboundRequests()).isEqualTo(1);
    }

    @Test
    void egressToExternalIpWithoutAnyProxyLineIsBypassEgress() throws Exception {
        send(kernel(PRODUCTPAGE, EXTERNAL_API, 443, T0, SRC));
        watermark(FIRST_WINDOW_JUDGED);

        assertThat(onlyWindow().verdict()).isEqualTo(Verdict.BYPASS_EGRESS);
        assertThat(onlyWindow().confidence()).isEqualTo(0.8);
    }

    @Test
    void processThatIsNotTheProxyIsBypassEgressWithHighConfidence() throws Exception {
        // Even with a sidecar line in the window: curl sent this flow itself (e.g. as uid 1337).
        send(
                kernel(PRODUCTPAGE, EXTERNAL_API, 443, T0, FlowAction.ALLOW, List.of("curl"), SRC),
                outbound(PRODUCTPAGE, EXTERNAL_API, 443, minutes(1)));
        watermark(FIRST_WINDOW_JUDGED);

        assertThat(onlyWindow().verdict()).isEqualTo(Verdict.BYPASS_EGRESS);
        assertThat(onlyWindow().confidence()).isEqualTo(0.95);
        assertThat(onlyWindow().kernel().processNames()).containsExactly("curl");
    }

    @Test
    void flowSentByEnvoyIsMediated() throws Exception {
        send(
                kernel(PRODUCTPAGE, EXTERNAL_API, 443, T0, FlowAction.ALLOW, List.of("envoy"), SRC),
                outbound(PRODUCTPAGE, EXTERNAL_API, 443, minutes(1)));
        watermark(FIRST_WINDOW_JUDGED);

        assertThat(onlyWindow().verdict()).isEqualTo(Verdict.MEDIATED);
    }

    @Test
    void proxyNamedByItsPathIsMediatedAndAnotherPathIsStillABypass() throws Exception {
        send(
                kernel(
                        PRODUCTPAGE,
                        EXTERNAL_API,
                        443,
                        T0,
                        FlowAction.ALLOW,
                        List.of("/usr/local/bin/envoy", "/usr/local/bin/pilot-agent"),
                        SRC),
                outbound(PRODUCTPAGE, EXTERNAL_API, 443, minutes(1)),
                kernel(
                        PRODUCTPAGE,
                        REVIEWS,
                        9080,
                        T0,
                        FlowAction.ALLOW,
                        List.of("/usr/bin/envoy-wannabe"),
                        SRC),
                outbound(PRODUCTPAGE, REVIEWS, 9080, minutes(1)),
                inbound(PRODUCTPAGE, REVIEWS, 9080, minutes(1), true));
        watermark(FIRST_WINDOW_JUDGED);

        assertThat(judged())
                .extracting(EdgeWindow::port, EdgeWindow::verdict)
                .containsExactlyInAnyOrder(
                        tuple(443, Verdict.MEDIATED), tuple(9080, Verdict.BYPASS_EGRESS));
    }

    @Test
    void unmeshedClientToMeshedServerIsPlaintext() throws Exception {
        send(
                kernel(LEGACY, REVIEWS, 9080, T0, SRC, DST),
                inbound(LEGACY, REVIEWS, 9080, minutes(3), false));
        watermark(FIRST_WINDOW_JUDGED);

        assertThat(onlyWindow().verdict()).isEqualTo(Verdict.PLAINTEXT);
        assertThat(onlyWindow().confidence()).isEqualTo(0.9);
        assertThat(onlyWindow().proxy().plaintextRequests()).isEqualTo(1);
    }

    @Test
    void bothReportersAndBothSidecarsIsMediated() throws Exception {
        send(
                kernel(PRODUCTPAGE, REVIEWS, 9080, T0, SRC),
                kernel(PRODUCTPAGE, REVIEWS, 9080, T0, DST),
                outbound(PRODUCTPAGE, REVIEWS, 9080, minutes(1)),
                inbound(PRODUCTPAGE, REVIEWS, 9080, minutes(1), true));
        watermark(FIRST_WINDOW_JUDGED);

        EdgeWindow window = onlyWindow();
        assertThat(window.verdict()).isEqualTo(Verdict.MEDIATED);
        assertThat(window.confidence()).isEqualTo(1.0);
        assertThat(window.kernel().sourceReportedFlows()).isEqualTo(1);
        assertThat(window.kernel().destinationReportedFlows()).isEqualTo(1);
        assertThat(window.proxy().mutualTlsRequests()).isEqualTo(1);
        assertThat(window.proxy().paths()).containsEntry("/reviews/0", 1L);
    }

    @Test
    void onlyTheDestinationReporterStillJudgesTheEdge() throws Exception {
        send(
                kernel(PRODUCTPAGE, REVIEWS, 9080, T0, DST),
                outbound(PRODUCTPAGE, REVIEWS, 9080, minutes(1)),
                inbound(PRODUCTPAGE, REVIEWS, 9080, minutes(1), true));
        watermark(FIRST_WINDOW_JUDGED);

        assertThat(onlyWindow().verdict()).isEqualTo(Verdict.MEDIATED);
        assertThat(onlyWindow().kernel().sourceReportedFlows()).isZero();
    }

    @Test
    void onlyTheSourceReporterAndNoSidecarLinesIsBypassEgress() throws Exception {
        send(kernel(PRODUCTPAGE, REVIEWS, 9080, T0, SRC));
        watermark(FIRST_WINDOW_JUDGED);

        assertThat(onlyWindow().verdict()).isEqualTo(Verdict.BYPASS_EGRESS);
    }

    @Test
    void calicoDenyIsDenied() throws Exception {
        send(kernel(BATCH, REVIEWS, 9080, T0, FlowAction.DENY, List.of(), DST));
        watermark(FIRST_WINDOW_JUDGED);

        assertThat(onlyWindow().verdict()).isEqualTo(Verdict.DENIED);
        assertThat(onlyWindow().kernel().deniedFlows()).isEqualTo(1);
        assertThat(onlyWindow().kernel().policies())
                .containsExactly("default|bookinfo/default.deny-batch|deny");
    }

    @Test
    void denyAtTheDestinationsIngressIsDeniedThoughTheSourceAllowedItOut() throws Exception {
        // Calico: the source's node allowed the connection out, the destination's node denied it.
        send(
                kernel(LEGACY, REVIEWS, 9080, T0, FlowAction.ALLOW, List.of(), SRC),
                kernel(LEGACY, REVIEWS, 9080, T0, FlowAction.DENY, List.of(), DST),
                kernel(PRODUCTPAGE, REVIEWS, 9090, T0, FlowAction.ALLOW, List.of("envoy"), SRC),
                kernel(PRODUCTPAGE, REVIEWS, 9090, T0, FlowAction.DENY, List.of(), DST),
                outbound(PRODUCTPAGE, REVIEWS, 9090, minutes(1)));
        watermark(FIRST_WINDOW_JUDGED);

        assertThat(judged())
                .hasSize(2)
                .allSatisfy(w -> assertThat(w.verdict()).isEqualTo(Verdict.DENIED))
                .allSatisfy(w -> assertThat(w.confidence()).isEqualTo(1.0))
                .allSatisfy(w -> assertThat(w.kernel().allowedFlows()).isEqualTo(1));
    }

    @Test
    void denyAtTheSourcesEgressIsDenied() throws Exception {
        send(kernel(PRODUCTPAGE, EXTERNAL_API, 443, T0, FlowAction.DENY, List.of(), SRC));
        watermark(FIRST_WINDOW_JUDGED);

        assertThat(onlyWindow().verdict()).isEqualTo(Verdict.DENIED);
    }

    @Test
    void policyDenyingMidWindowAfterMediatedTrafficIsDenied() throws Exception {
        send(
                kernel(PRODUCTPAGE, REVIEWS, 9080, T0, SRC, DST),
                outbound(PRODUCTPAGE, REVIEWS, 9080, minutes(1)),
                inbound(PRODUCTPAGE, REVIEWS, 9080, minutes(1), true),
                kernel(PRODUCTPAGE, REVIEWS, 9080, minutes(3), FlowAction.ALLOW, List.of(), SRC),
                kernel(PRODUCTPAGE, REVIEWS, 9080, minutes(3), FlowAction.DENY, List.of(), DST));
        watermark(FIRST_WINDOW_JUDGED);

        assertThat(onlyWindow().verdict()).isEqualTo(Verdict.DENIED);
        assertThat(onlyWindow().reason()).contains("let 1 through", "MEDIATED");
    }

    @Test
    void bypassOfTheTrafficThatGotThroughOutranksAPartialDeny() throws Exception {
        send(
                kernel(LEGACY, REVIEWS, 9080, T0, DST),
                kernel(LEGACY, REVIEWS, 9080, minutes(3), FlowAction.DENY, List.of(), DST));
        watermark(FIRST_WINDOW_JUDGED);

        assertThat(onlyWindow().verdict()).isEqualTo(Verdict.BYPASS_INGRESS);
        assertThat(onlyWindow().kernel().deniedFlows()).isEqualTo(1);
    }

    @Test
    void dnsFromAMeshedPodToTheClusterResolverIsNotABypass() throws Exception {
        // The resolver runs in the app's process, so Calico names the app, not the proxy.
        send(
                kernel(PRODUCTPAGE, KUBE_DNS, 53, T0, FlowAction.ALLOW, List.of("python"), SRC),
                kernel(PRODUCTPAGE, NODE, 53, T0, SRC)); // a node-local DNS cache
        watermark(FIRST_WINDOW_JUDGED);

        assertThat(judged())
                .hasSize(2)
                .allSatisfy(w -> assertThat(w.verdict()).isEqualTo(Verdict.UNMESHED))
                .allSatisfy(w -> assertThat(w.verdict().isFinding()).isFalse());
    }

    @Test
    void dnsFromAMeshedPodToAnExternalResolverIsStillABypass() throws Exception {
        send(kernel(PRODUCTPAGE, EXTERNAL_API, 53, T0, SRC));
        watermark(FIRST_WINDOW_JUDGED);

        assertThat(onlyWindow().verdict()).isEqualTo(Verdict.BYPASS_EGRESS);
    }

    @Test
    void pilotAgentTalkingToIstiodIsTheMeshItself() throws Exception {
        send(
                kernel(
                        PRODUCTPAGE,
                        ISTIOD,
                        15012,
                        T0,
                        FlowAction.ALLOW,
                        List.of("/usr/local/bin/pilot-agent"),
                        SRC),
                kernel(REVIEWS, ISTIOD, 15010, T0, SRC)); // no process reported
        watermark(FIRST_WINDOW_JUDGED);

        assertThat(judged())
                .hasSize(2)
                .allSatisfy(w -> assertThat(w.verdict()).isEqualTo(Verdict.MEDIATED))
                .allSatisfy(w -> assertThat(w.reason()).contains("istiod"));
    }

    @Test
    void anotherProcessTalkingToIstiodIsABypass() throws Exception {
        send(kernel(PRODUCTPAGE, ISTIOD, 15012, T0, FlowAction.ALLOW, List.of("curl"), SRC));
        watermark(FIRST_WINDOW_JUDGED);

        assertThat(onlyWindow().verdict()).isEqualTo(Verdict.BYPASS_EGRESS);
        assertThat(onlyWindow().confidence()).isEqualTo(0.95);
    }

    @Test
    void theReceivingProcessNamedByTheDestinationsNodeIsNotTheSender() throws Exception {
        // Calico's dst report names the process that accepted the connection: istiod's own.
        send(
                kernel(PRODUCTPAGE, ISTIOD, 15012, T0, SRC),
                kernel(
                        PRODUCTPAGE,
                        ISTIOD,
                        15012,
                        T0,
                        FlowAction.ALLOW,
                        List.of("pilot-discovery"),
                        DST));
        watermark(FIRST_WINDOW_JUDGED);

        assertThat(onlyWindow().verdict()).isEqualTo(Verdict.MEDIATED);
        assertThat(onlyWindow().kernel().processNames()).containsExactly("pilot-discovery");
    }

    @Test
    void clientIntoAGatewayThatLoggedItsRequestsIsMediatedNotPlaintext() throws Exception {
        EndpointRef client = EndpointRef.external("198.51.100.7");
        send(
                kernel(client, GATEWAY, 8080, T0, DST),
                inbound(client, GATEWAY, 8080, minutes(1), false), // the gateway's own line
                kernel(client, GATEWAY, 8443, T0, DST)); // no line: still a bypass
        watermark(FIRST_WINDOW_JUDGED);

        assertThat(judged())
                .extracting(EdgeWindow::port, EdgeWindow::verdict)
                .containsExactlyInAnyOrder(
                        tuple(8080, Verdict.MEDIATED), tuple(8443, Verdict.BYPASS_INGRESS));
    }

    @Test
    void plaintextFromASidecarIntoAnEgressGatewayIsStillPlaintext() throws Exception {
        EndpointRef egressGateway =
                new EndpointRef(
                        "istio-system",
                        "istio-egressgateway",
                        EndpointKind.WORKLOAD,
                        Labels.of(Map.of("istio", "egressgateway")),
                        true,
                        null);
        send(
                kernel(PRODUCTPAGE, egressGateway, 8443, T0, SRC, DST),
                outbound(PRODUCTPAGE, egressGateway, 8443, minutes(1)),
                inbound(PRODUCTPAGE, egressGateway, 8443, minutes(1), false));
        watermark(FIRST_WINDOW_JUDGED);

        assertThat(onlyWindow().verdict()).isEqualTo(Verdict.PLAINTEXT);
    }

    @Test
    void neitherSideMeshedIsUnmeshed() throws Exception {
        send(kernel(BATCH, LEGACY, 8080, T0, SRC, DST));
        watermark(FIRST_WINDOW_JUDGED);

        assertThat(onlyWindow().verdict()).isEqualTo(Verdict.UNMESHED);
    }

    @Test
    void envoysOwnPortsAreNeverABypass() throws Exception {
        send(
                kernel(BATCH, REVIEWS, 15090, T0, DST), // Prometheus scraping Envoy's stats
                kernel(NODE, REVIEWS, 15021, T0, DST), // kubelet probing the health port
                kernel(NODE, REVIEWS, 15020, T0, DST)); // a probe Istio rewrote to the agent
        watermark(FIRST_WINDOW_JUDGED);

        assertThat(judged())
                .hasSize(3)
                .allSatisfy(w -> assertThat(w.verdict()).isEqualTo(Verdict.MEDIATED));
    }

    @Test
    void nodeReachingTheAppPortDirectlyIsALowConfidenceBypass() throws Exception {
        send(kernel(NODE, REVIEWS, 9080, T0, DST));
        watermark(FIRST_WINDOW_JUDGED);

        assertThat(onlyWindow().verdict()).isEqualTo(Verdict.BYPASS_INGRESS);
        assertThat(onlyWindow().confidence()).isEqualTo(0.5);
    }

    @Test
    void keepAliveConnectionCountsEachRequestInTheWindowItStarted() throws Exception {
        // One connection for ten minutes: Calico reports it in both intervals.
        send(
                kernel(PRODUCTPAGE, REVIEWS, 9080, T0, SRC, DST),
                kernel(PRODUCTPAGE, REVIEWS, 9080, minutes(5), SRC, DST),
                outbound(PRODUCTPAGE, REVIEWS, 9080, minutes(1)),
                inbound(PRODUCTPAGE, REVIEWS, 9080, minutes(1), true),
                outbound(PRODUCTPAGE, REVIEWS, 9080, minutes(6)),
                outbound(PRODUCTPAGE, REVIEWS, 9080, minutes(8)),
                inbound(PRODUCTPAGE, REVIEWS, 9080, minutes(6), true),
                inbound(PRODUCTPAGE, REVIEWS, 9080, minutes(8), true));
        watermark(minutes(12));

        assertThat(judged()).extracting(EdgeWindow::windowStart).containsExactly(T0, minutes(5));
        assertThat(judged()).allSatisfy(w -> assertThat(w.verdict()).isEqualTo(Verdict.MEDIATED));
        assertThat(judged().get(1).proxy().outboundRequests()).isEqualTo(2);
        assertThat(judged().get(1).confidence()).isEqualTo(1.0);
    }

    @Test
    void keepAliveConnectionWithItsProxyLinesOnlyInTheAdjacentWindowIsMediated() throws Exception {
        // A TCP connection logged once, with its start time, but alive in the next interval too.
        send(
                kernel(PRODUCTPAGE, REVIEWS, 9080, T0, SRC, DST),
                kernel(PRODUCTPAGE, REVIEWS, 9080, minutes(5), SRC, DST),
                outbound(PRODUCTPAGE, REVIEWS, 9080, minutes(4)),
                inbound(PRODUCTPAGE, REVIEWS, 9080, minutes(4), true));
        watermark(minutes(12));

        assertThat(judged())
                .extracting(EdgeWindow::verdict)
                .containsExactly(Verdict.MEDIATED, Verdict.MEDIATED);
        assertThat(judged().get(0).confidence()).isEqualTo(1.0);
        assertThat(judged().get(1).confidence()).isEqualTo(0.7);
    }

    @Test
    void lateAndOutOfOrderProxyLinesWithinTheSlackCount() throws Exception {
        send(kernel(PRODUCTPAGE, REVIEWS, 9080, T0, SRC, DST));
        watermark(minutes(6)); // past the window's end, still within the slack
        // Written when the requests ended, out of order: the later request first.
        send(
                inbound(PRODUCTPAGE, REVIEWS, 9080, minutes(4.5), true),
                outbound(PRODUCTPAGE, REVIEWS, 9080, minutes(4.5)),
                outbound(PRODUCTPAGE, REVIEWS, 9080, minutes(0.5)));
        watermark(FIRST_WINDOW_JUDGED);

        assertThat(onlyWindow().verdict()).isEqualTo(Verdict.MEDIATED);
        assertThat(onlyWindow().proxy().outboundRequests()).isEqualTo(2);
        assertThat(harness.getSideOutput(EdgeWindowBuilder.LATE)).isNull();
    }

    @Test
    void proxyLineAfterItsWindowWasJudgedGoesToTheLateOutput() throws Exception {
        send(kernel(LEGACY, REVIEWS, 9080, T0, DST));
        watermark(FIRST_WINDOW_JUDGED);
        send(inbound(LEGACY, REVIEWS, 9080, minutes(4), true));

        assertThat(onlyWindow().verdict()).isEqualTo(Verdict.BYPASS_INGRESS);
        assertThat(harness.getSideOutput(EdgeWindowBuilder.LATE))
                .extracting(StreamRecord::getValue)
                .extracting(EdgeEvidence::eventTime)
                .containsExactly(minutes(4));
    }

    @Test
    void stateIsClearedAfterTheWindowFiresAndItsSuccessorHasPassed() throws Exception {
        send(
                kernel(PRODUCTPAGE, REVIEWS, 9080, T0, SRC),
                outbound(PRODUCTPAGE, REVIEWS, 9080, minutes(1)));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

        watermark(FIRST_WINDOW_JUDGED);
        // Judged, but kept as the next window's neighbour.
        assertThat(judged()).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

        watermark(minutes(12));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void openWindowsSurviveASnapshotAndRestore() throws Exception {
        send(
                kernel(PRODUCTPAGE, REVIEWS, 9080, T0, SRC),
                outbound(PRODUCTPAGE, REVIEWS, 9080, minutes(1)));
        var snapshot = harness.snapshot(1L, 1L);
        harness.close();

        create();
        harness.initializeState(snapshot);
        harness.open();
        send(inbound(PRODUCTPAGE, REVIEWS, 9080, minutes(2), true));
        watermark(FIRST_WINDOW_JUDGED);

        assertThat(onlyWindow().verdict()).isEqualTo(Verdict.MEDIATED);
        assertThat(onlyWindow().proxy().outboundRequests()).isEqualTo(1);
        assertThat(onlyWindow().proxy().inboundRequests()).isEqualTo(1);
        assertThat(onlyWindow().source().labels().carriesIstioSidecar()).isTrue();
    }

    @Test
    void stateDoesNotGrowWithTime() throws Exception {
        // A day of five-minute windows on one busy edge.
        for (int w = 0; w < 288; w++) {
            Instant start = minutes(5.0 * w);
            send(
                    kernel(PRODUCTPAGE, REVIEWS, 9080, start, SRC, DST),
                    outbound(PRODUCTPAGE, REVIEWS, 9080, start.plusSeconds(30)),
                    inbound(PRODUCTPAGE, REVIEWS, 9080, start.plusSeconds(30), true));
            watermark(start.plusSeconds(299));
            assertThat(harness.numEventTimeTimers()).isLessThanOrEqualTo(3);
        }
        watermark(minutes(5.0 * 290));

        assertThat(judged())
                .hasSize(288)
                .allSatisfy(w -> assertThat(w.verdict()).isEqualTo(Verdict.MEDIATED));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
