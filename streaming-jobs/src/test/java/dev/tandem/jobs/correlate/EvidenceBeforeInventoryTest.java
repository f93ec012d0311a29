package dev.tandem.jobs.correlate;

import static dev.tandem.jobs.correlate.Fixtures.PRODUCTPAGE_POD;
import static dev.tandem.jobs.correlate.Fixtures.REVIEWS_POD;
import static dev.tandem.jobs.correlate.Fixtures.flow;
import static dev.tandem.jobs.correlate.Fixtures.minutes;
import static dev.tandem.jobs.correlate.Fixtures.podIp;
import static dev.tandem.jobs.correlate.Fixtures.request;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowReporter;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.ingest.model.ProxyRequest;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Evidence that reaches the resolver before the inventory record of its addresses waits until the
 * watermark passes its time plus the slack (2 min), and resolves with the pods that arrived
 * meanwhile; evidence whose addresses stay unknown resolves through its fallbacks then.
 */
class EvidenceBeforeInventoryTest {

    private KeyedBroadcastOperatorTestHarness<Integer, Evidence, PodRecord, EdgeEvidence> harness;

    @BeforeEach
    void open() throws Exception {
        harness = EndpointResolverTest.openHarness();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void flowBetweenPodIpsWaitsForThePodsThatArriveWithinTheSlack() throws Exception {
        evidence(podFlow(minutes(1)), minutes(1));
        watermark(minutes(2));
        assertThat(harness.extractOutputValues()).as("held back").isEmpty();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processBroadcastElement(PRODUCTPAGE_POD, 0L);
        harness.processBroadcastElement(REVIEWS_POD, 0L);
        watermark(minutes(3));

        List<EdgeEvidence> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).source().workload()).isEqualTo("productpage-v1");
        assertThat(out.get(0).destination().workload()).isEqualTo("reviews-v1");
        assertThat(harness.numEventTimeTimers()).as("nothing left waiting").isZero();
    }

    @Test
    void flowWhosePodsNeverArriveResolvesThroughItsFallbacksAfterTheSlack() throws Exception {
        evidence(podFlow(minutes(1)), minutes(1));
        watermark(minutes(3));

        List<EdgeEvidence> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        assertThat(out.get(0))
                .isEqualTo(EndpointResolver.resolve(podFlow(minutes(1)), PodLookup.none()));
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void evidenceTheInventoryAlreadyKnowsIsNotHeldBack() throws Exception {
        harness.processBroadcastElement(PRODUCTPAGE_POD, 0L);
        harness.processBroadcastElement(REVIEWS_POD, 0L);
        evidence(podFlow(minutes(1)), minutes(1));

        assertThat(harness.extractOutputValues())
                .extracting(e -> e.destination().workload())
                .containsExactly("reviews-v1");
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void evidenceLaterThanTheWaitResolvesAtOnce() throws Exception {
        watermark(minutes(10));
        evidence(podFlow(minutes(1)), minutes(1));

        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    @Test
    void bareProxyLineIsAttributedOnceItsPodArrives() throws Exception {
        evidence(bareOutboundLine(minutes(1)), minutes(1));
        harness.processBroadcastElement(PRODUCTPAGE_POD, 0L);
        watermark(minutes(4));

        List<EdgeEvidence> out = harness.extractOutputValues();
        assertThat(out).hasSize(1);
        assertThat(out.get(0).source().workload()).isEqualTo("productpage-v1");
        assertThat(out.get(0).source().kind()).isEqualTo(EndpointKind.WORKLOAD);
        assertThat(harness.getSideOutput(EndpointResolver.UNATTRIBUTED)).isNull();
    }

    @Test
    void bareProxyLineWithoutInventoryBecomesADeadLetterNamingItsAddress() throws Exception {
        evidence(bareOutboundLine(minutes(1)), minutes(1));
        watermark(minutes(4));

        assertThat(harness.extractOutputValues()).isEmpty();
        List<DeadLetter> letters =
                harness.getSideOutput(EndpointResolver.UNATTRIBUTED).stream()
                        .map(StreamRecord::getValue)
                        .toList();
        assertThat(letters).hasSize(1);
        assertThat(letters.get(0).reason()).isEqualTo(DeadLetterReason.MISSING_FIELD);
        assertThat(letters.get(0).detail())
                .startsWith("unattributed proxy line")
                .contains("10.1.0.10");
    }

    @Test
    void waitingEvidenceSurvivesASnapshotAndRestore() throws Exception {
        evidence(podFlow(minutes(1)), minutes(1));
        var snapshot = harness.snapshot(1L, 1L);
        harness.close();

        harness = EndpointResolverTest.openHarnessFrom(snapshot);
        harness.processBroadcastElement(REVIEWS_POD, 0L);
        watermark(minutes(3));

        assertThat(harness.extractOutputValues())
                .extracting(e -> e.destination().workload())
                .containsExactly("reviews-v1");
    }

    private void evidence(Evidence evidence, Instant at) throws Exception {
        harness.processElement(evidence, at.toEpochMilli());
    }

    private void watermark(Instant at) throws Exception {
        harness.watermark(at.toEpochMilli());
    }

    private static Evidence podFlow(Instant start) {
        return flow(
                podIp("10.1.0.10"),
                podIp("10.1.0.20"),
                9080,
                FlowAction.ALLOW,
                List.of(FlowReporter.SRC),
                start,
                List.of());
    }

    /** An Envoy line without an envelope: only its own address can name the pod. */
    private static ProxyRequest bareOutboundLine(Instant start) {
        return request(
                start,
                "outbound|9080||reviews.bookinfo.svc.cluster.local",
                "10.1.0.20:9080",
                "10.96.0.30:9080",
                "10.1.0.10:51234",
                null,
                null);
    }
}
