package dev.tandem.jobs.correlate;

import static dev.tandem.jobs.correlate.Fixtures.LEGACY;
import static dev.tandem.jobs.correlate.Fixtures.PRODUCTPAGE;
import static dev.tandem.jobs.correlate.Fixtures.REVIEWS;
import static dev.tandem.jobs.correlate.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowReporter;
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
