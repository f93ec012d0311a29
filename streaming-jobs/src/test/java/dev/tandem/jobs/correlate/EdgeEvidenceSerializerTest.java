package dev.tandem.jobs.correlate;

import static dev.tandem.jobs.correlate.Fixtures.LEGACY;
import static dev.tandem.jobs.correlate.Fixtures.PRODUCTPAGE;
import static dev.tandem.jobs.correlate.Fixtures.REVIEWS;
import static dev.tandem.jobs.correlate.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowReporter;
import dev.tandem.ingest.model.Labels;
import dev.tandem.jobs.correlate.serialization.EdgeEvidenceSerializer;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The evidence that crosses the {@code keyBy(edge)} reads back equal to what was written. */
class EdgeEvidenceSerializerTest {
    private final TypeSerializer<EdgeEvidence> serializer =
            ModelTypes.EDGE_EVIDENCE.createSerializer(new SerializerConfigImpl());

    private EdgeEvidence roundTrip(EdgeEvidence evidence) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(evidence, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        EdgeEvidence back = serializer.deserialize(in);
        assertThat(in.available()).isZero();
        return back;
    }

    @Test
    void deniedKernelFlowWithPoliciesAndProcessesReadsBackEqual() throws Exception {
        EdgeEvidence flow =
                Fixtures.kernel(
                        LEGACY,
                        REVIEWS,
                        9080,
                        T0.plusNanos(123_456_789),
                        FlowAction.DENY,
                        List.of("curl", "python3"),
                        FlowReporter.SRC,
                        FlowReporter.DST);

        assertThat(roundTrip(flow)).isEqualTo(flow);
        assertThat(flow.kernel().policies().all()).hasSize(2);
    }

    @Test
    void inboundAndOutboundRequestsReadBackEqual() throws Exception {
        EdgeEvidence inbound = Fixtures.inbound(PRODUCTPAGE, REVIEWS, 9080, T0, true);
        EdgeEvidence outbound = Fixtures.outbound(PRODUCTPAGE, REVIEWS, 9080, T0);

        assertThat(roundTrip(inbound)).isEqualTo(inbound);
        assertThat(roundTrip(outbound)).isEqualTo(outbound);
        assertThat(roundTrip(inbound).proxy().mutualTlsSeen()).isTrue();
    }

    @Test
    void batchReadsBackEqualWithEachPieceKeepingItsOwnEndpointsPortAndTime() throws Exception {
        EndpointRef reviewsWithoutLabels =
                new EndpointRef(
                        REVIEWS.namespace(),
                        REVIEWS.workload(),
                        REVIEWS.kind(),
                        Labels.empty(),
                        false,
                        null);
        EdgeEvidence flow = Fixtures.kernel(PRODUCTPAGE, REVIEWS, 9080, T0, FlowReporter.SRC);
        EdgeEvidence request = Fixtures.outbound(PRODUCTPAGE, reviewsWithoutLabels, 9080, T0);
        EdgeEvidence served =
                Fixtures.inbound(LEGACY, REVIEWS, 9080, T0.plusSeconds(90).plusNanos(7), false);
        EdgeEvidence otherPort = Fixtures.outbound(PRODUCTPAGE, REVIEWS, 9443, T0);
        EdgeEvidence batch = EdgeEvidence.batch(List.of(flow, request, served, otherPort));

        EdgeEvidence back = roundTrip(batch);

        assertThat(back).isEqualTo(batch);
        assertThat(back.pieces()).containsExactly(flow, request, served, otherPort);
        assertThat(back.kernel()).isNull();
        assertThat(back.proxy()).isNull();
        // Pieces with the batch's endpoints read them back once, shared.
        assertThat(back.pieces().get(0).source()).isSameAs(back.source());
    }

    @Test
    void aBatchHasTwoOrMorePiecesAndNoneOfItsOwn() {
        EdgeEvidence request = Fixtures.outbound(PRODUCTPAGE, REVIEWS, 9080, T0);

        assertThat(request.pieces()).containsExactly(request);
        assertThatThrownBy(() -> EdgeEvidence.batch(List.of(request)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () ->
                                new EdgeEvidence(
                                        PRODUCTPAGE,
                                        REVIEWS,
                                        9080,
                                        "tcp",
                                        T0,
                                        null,
                                        request.proxy(),
                                        true,
                                        List.of(request, request)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void snapshotRestoresACompatibleSerializer() {
        TypeSerializerSnapshot<EdgeEvidence> snapshot = serializer.snapshotConfiguration();

        assertThat(snapshot.restoreSerializer()).isEqualTo(new EdgeEvidenceSerializer());
        assertThat(
                        serializer
                                .snapshotConfiguration()
                                .resolveSchemaCompatibility(snapshot)
                                .isCompatibleAsIs())
                .isTrue();
    }
}
