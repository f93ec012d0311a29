package dev.tandem.jobs.correlate;

import static dev.tandem.jobs.correlate.Fixtures.MESHED_LABELS;
import static dev.tandem.jobs.correlate.Fixtures.T0;
import static dev.tandem.jobs.correlate.Fixtures.aggregatedPod;
import static dev.tandem.jobs.correlate.Fixtures.envelope;
import static dev.tandem.jobs.correlate.Fixtures.externalIp;
import static dev.tandem.jobs.correlate.Fixtures.flow;
import static dev.tandem.jobs.correlate.Fixtures.minutes;
import static dev.tandem.jobs.correlate.Fixtures.pod;
import static dev.tandem.jobs.correlate.Fixtures.podIp;
import static dev.tandem.jobs.correlate.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowReporter;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.PodRecord;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EndpointResolverTest {
    private KeyedBroadcastOperatorTestHarness<Integer, Evidence, PodRecord, EdgeEvidence> harness;

    /**
     * With the watermark at the end of time nothing waits for the inventory: evidence resolves as
     * it comes, with the inventory as it is (the waiting is tested in {@code
     * EvidenceBeforeInventoryTest}).
     */
    @BeforeEach
    void open() throws Exception {
        harness = openHarness();
        harness.watermark(Long.MAX_VALUE);
    }

    static KeyedBroadcastOperatorTestHarness<Integer, Evidence, PodRecord, EdgeEvidence>
            openHarness() throws Exception {
        return openHarnessFrom(null);
    }

    /** A resolver harness, restored from {@code snapshot} unless it is null. */
    static KeyedBroadcastOperatorTestHarness<Integer, Evidence, PodRecord, EdgeEvidence>
            openHarnessFrom(OperatorSubtaskState snapshot) throws Exception {
        KeyedBroadcastOperatorTestHarness<Integer, Evidence, PodRecord, EdgeEvidence> harness =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(
                                new EndpointResolver(Fixtures.SETTINGS),
                                List.of(EndpointResolver.PODS_BY_IP)),
                        new ResolverKeySelector(),
                        BasicTypeInfo.INT_TYPE_INFO,
                        ResolverKeySelector.BUCKETS,
                        1,
                        0);
        harness.setup(ModelTypes.EDGE_EVIDENCE.createSerializer(new SerializerConfigImpl()));
        if (snapshot != null) {
            harness.initializeState(snapshot);
        }
        harness.open();
        return harness;
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private EdgeEvidence resolve(Evidence evidence) throws Exception {
        harness.processElement(evidence, 0L);
        List<EdgeEvidence> out = harness.extractOutputValues();
        return out.get(out.size() - 1);
    }

    private void inventory(PodRecord... pods) throws Exception {
        for (PodRecord pod : pods) {
            harness.processBroadcastElement(pod, 0L);
        }
    }

    @Test
    void calicoAggregatedRecordWithoutIpsResolvesFromNameAggrAndLabels() throws Exception {
        Labels checkout =
                Labels.of(Map.of("app", "checkoutservice", Labels.ISTIO_TLS_MODE, "istio"));
        EdgeEvidence edge =
                resolve(
                        flow(
                                aggregatedPod("shop", "checkoutservice-598d5b586d-*", checkout),
                                aggregatedPod(
                                        "shop", "paymentservice-7d8f9c6b5d-*", Labels.empty()),
                                50051,
                                FlowAction.ALLOW,
                                List.of(FlowReporter.SRC),
                                T0,
                                List.of()));

        assertThat(edge.source().namespace()).isEqualTo("shop");
        assertThat(edge.source().workload()).isEqualTo("checkoutservice");
        assertThat(edge.source().meshed()).isTrue();
        assertThat(edge.destination().workload()).isEqualTo("paymentservice");
        assertThat(edge.destination().meshed()).isFalse();
        assertThat(edge.edgeKey())
                .isEqualTo("workload|shop/checkoutservice>workload|shop/paymentservice:50051/tcp");
        assertThat(edge.eventTime()).isEqualTo(T0);
    }

    @Test
    void ipReusedByANewPodResolvesToThePodThatHeldItAtTheTime() throws Exception {
        inventory(
                pod("shop", "cart-6584ddcf65-abcde", "cart", "10.1.0.7", T0, minutes(3), true),
                pod("jobs", "batch-x7k2p", "batch", "10.1.0.7", minutes(3), null, false));

        EdgeEvidence before =
                resolve(
                        flow(
                                podIp("10.1.0.7"),
                                externalIp("203.0.113.50"),
                                443,
                                FlowAction.ALLOW,
                                List.of(FlowReporter.SRC),
                                minutes(1),
                                List.of()));
        EdgeEvidence after =
                resolve(
                        flow(
                                podIp("10.1.0.7"),
                                externalIp("203.0.113.50"),
                                443,
                                FlowAction.ALLOW,
                                List.of(FlowReporter.SRC),
                                minutes(5),
                                List.of()));

        assertThat(before.source().workload()).isEqualTo("cart");
        assertThat(before.source().meshed()).isTrue();
        assertThat(after.source().namespace()).isEqualTo("jobs");
        assertThat(after.source().workload()).isEqualTo("batch");
        assertThat(after.source().meshed()).isFalse();
        assertThat(after.destination()).isEqualTo(EndpointRef.external("203.0.113.50"));
    }

    @Test
    void outboundLineResolvesTheUpstreamHostThroughTheInventory() throws Exception {
        inventory(
                pod(
                        "bookinfo",
                        "reviews-v1-6584ddcf65-k78wz",
                        "reviews-v1",
                        "10.1.0.20",
                        T0,
                        null,
                        true));

        EdgeEvidence edge =
                resolve(
                        request(
                                minutes(1),
                                "outbound|9080||reviews.bookinfo.svc.cluster.local",
                                "10.1.0.20:9080",
                                "10.96.0.30:9080",
                                "10.1.0.10:51234",
                                null,
                                envelope(
                                        "bookinfo",
                                        "productpage-v1-6b746f74dc-xmzpr",
                                        "10.1.0.10")));

        assertThat(edge.outbound()).isTrue();
        assertThat(edge.source().workload()).isEqualTo("productpage-v1");
        assertThat(edge.source().meshed()).isTrue();
        assertThat(edge.destination().workload()).isEqualTo("reviews-v1");
        assertThat(edge.port()).isEqualTo(9080);
    }

    @Test
    void gatewayLineIsAlsoTheInboundSideOfItsClientsConnection() throws Exception {
        inventory(
                new PodRecord(
                        "istio-system",
                        "istio-ingressgateway-7f8d9c-abcde",
                        "gw-uid",
                        List.of("10.1.0.5"),
                        T0,
                        null,
                        Labels.of(Map.of("app", "istio-ingressgateway", "istio", "ingressgateway")),
                        "istio-ingressgateway",
                        null,
                        "istio-ingressgateway",
                        "node-1",
                        false,
                        true,
                        "Running"));

        harness.processElement(
                request(
                        minutes(1),
                        "outbound|9080||productpage.bookinfo.svc.cluster.local",
                        "10.1.0.10:9080",
                        "10.1.0.5:8080",
                        "203.0.113.7:51000",
                        null,
                        envelope("istio-system", "istio-ingressgateway-7f8d9c-abcde", "10.1.0.5")),
                0L);
        List<EdgeEvidence> out = harness.extractOutputValues();

        assertThat(out).hasSize(2);
        assertThat(out.get(0).outbound()).isTrue();
        assertThat(out.get(0).source().workload()).isEqualTo("istio-ingressgateway");
        assertThat(out.get(0).port()).isEqualTo(9080);
        EdgeEvidence client = out.get(1);
        assertThat(client.outbound()).isFalse();
        assertThat(client.source().workload()).isEqualTo("203.0.113.7");
        assertThat(client.destination().workload()).isEqualTo("istio-ingressgateway");
        assertThat(client.port()).isEqualTo(8080);
        assertThat(client.eventTime()).isEqualTo(minutes(1));
    }

    @Test
    void sidecarOutboundLineIsEmittedOnce() throws Exception {
        harness.processElement(
                request(
                        minutes(1),
                        "outbound|9080||reviews.bookinfo.svc.cluster.local",
                        "10.1.0.20:9080",
                        "10.96.0.30:9080",
                        "10.1.0.10:51234",
                        null,
                        envelope("bookinfo", "productpage-v1-6b746f74dc-xmzpr", "10.1.0.10")),
                0L);

        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    @Test
    void outboundLineWithoutInventoryNamesTheService() throws Exception {
        EdgeEvidence edge =
                resolve(
                        request(
                                minutes(1),
                                "outbound|8000||httpbin.foo.svc.cluster.local",
                                null,
                                "10.0.45.184:8000",
                                "10.44.1.23:37652",
                                null,
                                envelope("foo", "sleep-6d68f49858-8hjzc", "10.44.1.23")));

        assertThat(edge.destination().namespace()).isEqualTo("foo");
        assertThat(edge.destination().workload()).isEqualTo("httpbin");
        assertThat(edge.port()).isEqualTo(8000);
    }

    @Test
    void passthroughToAnExternalIpNamesTheAddress() throws Exception {
        EdgeEvidence edge =
                resolve(
                        request(
                                minutes(1),
                                "PassthroughCluster",
                                "203.0.113.50:443",
                                "203.0.113.50:443",
                                "10.1.0.10:51234",
                                null,
                                envelope(
                                        "bookinfo",
                                        "productpage-v1-6b746f74dc-xmzpr",
                                        "10.1.0.10")));

        assertThat(edge.destination().kind()).isEqualTo(EndpointKind.EXTERNAL);
        assertThat(edge.destination().workload()).isEqualTo("203.0.113.50");
        assertThat(edge.port()).isEqualTo(443);
    }

    @Test
    void inboundLineResolvesTheCallerByItsAddressElseByItsSpiffeId() throws Exception {
        inventory(
                pod(
                        "bookinfo",
                        "productpage-v1-6b746f74dc-xmzpr",
                        "productpage-v1",
                        "10.1.0.10",
                        T0,
                        null,
                        true));
        var known =
                request(
                        minutes(1),
                        "inbound|9080||",
                        "127.0.0.6:9080",
                        "10.1.0.20:9080",
                        "10.1.0.10:51234",
                        "outbound_.9080_._.reviews.bookinfo.svc.cluster.local",
                        envelope("bookinfo", "reviews-v1-6584ddcf65-k78wz", "10.1.0.20"));
        EdgeEvidence byAddress = resolve(known);
        EdgeEvidence bySpiffe =
                resolve(
                        new dev.tandem.ingest.model.ProxyRequest(
                                known.startTime(),
                                known.method(),
                                known.path(),
                                known.protocol(),
                                known.responseCode(),
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
                                known.upstreamHost(),
                                known.upstreamCluster(),
                                null,
                                known.downstreamLocalAddress(),
                                dev.tandem.ingest.model.HostPort.parse("10.9.9.9:40000"),
                                known.requestedServerName(),
                                null,
                                "spiffe://cluster.local/ns/bookinfo/sa/bookinfo-productpage",
                                known.format(),
                                known.pod()));

        assertThat(byAddress.outbound()).isFalse();
        assertThat(byAddress.destination().workload()).isEqualTo("reviews-v1");
        assertThat(byAddress.source().workload()).isEqualTo("productpage-v1");
        assertThat(byAddress.port()).isEqualTo(9080);
        assertThat(bySpiffe.source().namespace()).isEqualTo("bookinfo");
        assertThat(bySpiffe.source().serviceAccount()).isEqualTo("bookinfo-productpage");
    }

    @Test
    void proxyLineThatNamesNoPodIsADeadLetterNotALoss() throws Exception {
        harness.processElement(
                request(
                        minutes(1),
                        "outbound|9080||reviews.bookinfo.svc.cluster.local",
                        null,
                        null,
                        "10.7.7.7:1234",
                        null,
                        null),
                0L);

        assertThat(harness.extractOutputValues()).isEmpty();
        List<DeadLetter> letters =
                harness.getSideOutput(EndpointResolver.UNATTRIBUTED).stream()
                        .map(StreamRecord::getValue)
                        .toList();
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).reason()).isEqualTo(DeadLetterReason.MISSING_FIELD);
        assertThat(letters.get(0).originalText()).contains("reviews.bookinfo.svc.cluster.local");
    }

    @Test
    void hostEndpointsAndAggregatedNetworksKeepTheirKinds() throws Exception {
        var node =
                new dev.tandem.ingest.model.FlowEndpoint(
                        "172.18.0.2",
                        null,
                        "node-1",
                        null,
                        dev.tandem.ingest.model.FlowEndpointType.HEP,
                        Labels.empty(),
                        null);
        var pub =
                new dev.tandem.ingest.model.FlowEndpoint(
                        null,
                        null,
                        "pub",
                        null,
                        dev.tandem.ingest.model.FlowEndpointType.NET,
                        Labels.empty(),
                        null);
        EdgeEvidence probe =
                resolve(
                        flow(
                                node,
                                aggregatedPod("bookinfo", "ratings-v1-8fb9cf9f5-*", MESHED_LABELS),
                                15021,
                                FlowAction.ALLOW,
                                List.of(FlowReporter.DST),
                                T0,
                                List.of()));
        EdgeEvidence egress =
                resolve(
                        flow(
                                aggregatedPod("bookinfo", "ratings-v1-8fb9cf9f5-*", MESHED_LABELS),
                                pub,
                                443,
                                FlowAction.ALLOW,
                                List.of(FlowReporter.SRC),
                                T0,
                                List.of()));

        assertThat(probe.source().kind()).isEqualTo(EndpointKind.HOST);
        assertThat(probe.source().workload()).isEqualTo("node-1");
        assertThat(probe.destination().workload()).isEqualTo("ratings-v1");
        assertThat(egress.destination().kind()).isEqualTo(EndpointKind.NETWORK);
        assertThat(egress.destination().workload()).isEqualTo("pub");
    }

    @Test
    void envelopeWithoutInventoryMarksTheWritingPodMeshed() throws Exception {
        var unlabelled =
                new dev.tandem.ingest.model.PodContext(
                        "bookinfo",
                        "details-v1-5f4d584748-x2x9b",
                        Labels.empty(),
                        "istio-proxy",
                        null,
                        null,
                        null);
        EdgeEvidence edge =
                resolve(
                        request(
                                minutes(1),
                                "PassthroughCluster",
                                "203.0.113.9:80",
                                "203.0.113.9:80",
                                "10.1.0.30:5555",
                                null,
                                unlabelled));

        assertThat(edge.source().workload()).isEqualTo("details-v1");
        assertThat(edge.source().meshed()).isTrue();
        assertThat(MESHED_LABELS.carriesIstioSidecar()).isTrue();
    }
}
