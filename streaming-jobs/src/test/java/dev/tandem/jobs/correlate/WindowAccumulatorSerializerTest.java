package dev.tandem.jobs.correlate;

import static dev.tandem.jobs.correlate.Fixtures.PRODUCTPAGE;
import static dev.tandem.jobs.correlate.Fixtures.T0;
import static dev.tandem.jobs.correlate.Fixtures.inbound;
import static dev.tandem.jobs.correlate.Fixtures.kernel;
import static dev.tandem.jobs.correlate.Fixtures.minutes;
import static dev.tandem.jobs.correlate.Fixtures.outbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowReporter;
import dev.tandem.ingest.model.Labels;
import dev.tandem.jobs.correlate.serialization.Wire;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The edge windows' state written and read back by its own serializer, and its snapshot. */
class WindowAccumulatorSerializerTest {
    private static final EndpointRef REVIEWS_WITH_EVERYTHING =
            new EndpointRef(
                    "bookinfo",
                    "reviews-v1",
                    EndpointKind.WORKLOAD,
                    Labels.of(Map.of("app", "reviews", "note", "ü: {yaml} \"quoted\"")),
                    true,
                    "bookinfo-reviews");

    private final WindowAccumulatorSerializer serializer = new WindowAccumulatorSerializer();

    @Test
    void aBusyWindowReadsBackWithEveryCountNameAndFlag() throws IOException {
        WindowAccumulator window = busyWindow();

        WindowAccumulator back = roundTrip(window);

        assertThat(back.source()).isEqualTo(window.source());
        assertThat(back.destination()).isEqualTo(REVIEWS_WITH_EVERYTHING);
        assertThat(back.port()).isEqualTo(9080);
        assertThat(back.protocol()).isEqualTo("tcp");
        assertThat(back.kernel()).isEqualTo(window.kernel());
        assertThat(back.proxy()).isEqualTo(window.proxy());
        assertThat(back.sendingProcessNames()).containsExactly("curl");
        assertThat(back.processNames()).containsExactly("curl", "java");
        assertThat(back.fired()).isTrue();
        assertThat(back.wasHeld()).isTrue();
        assertThat(back.deliveredFlows()).isEqualTo(window.deliveredFlows());
        assertThat(back.onlyOpenConnections()).isEqualTo(window.onlyOpenConnections());
        assertThat(back.connectionOpenAtEnd()).isEqualTo(window.connectionOpenAtEnd());
        assertThat(bytes(back)).isEqualTo(bytes(window));
    }

    @Test
    void aCopyIsIndependentOfItsOriginal() {
        WindowAccumulator window = busyWindow();
        long inboundBefore = window.inboundRequests();

        WindowAccumulator copy = serializer.copy(window);
        copy.add(inbound(PRODUCTPAGE, REVIEWS_WITH_EVERYTHING, 9080, minutes(2), true));

        assertThat(copy.inboundRequests()).isEqualTo(inboundBefore + 1);
        assertThat(window.inboundRequests()).isEqualTo(inboundBefore);
    }

    @Test
    void anEmptyWindowReadsBackEmpty() throws IOException {
        WindowAccumulator back = roundTrip(new WindowAccumulator());

        assertThat(back.source()).isNull();
        assertThat(back.kernelSeen()).isFalse();
        assertThat(back.proxy().inboundRequests()).isZero();
    }

    @Test
    void itsSnapshotRestoresAnEqualSerializerThatReadsTheSameBytes() throws IOException {
        TypeSerializerSnapshot<WindowAccumulator> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        snapshot.writeSnapshot(out);
        TypeSerializerSnapshot<WindowAccumulator> read = new WindowAccumulatorSerializer.Snapshot();
        read.readSnapshot(
                snapshot.getCurrentVersion(),
                new DataInputDeserializer(out.getCopyOfBuffer()),
                getClass().getClassLoader());

        TypeSerializer<WindowAccumulator> restored = read.restoreSerializer();
        TypeSerializerSchemaCompatibility<WindowAccumulator> compatibility =
                serializer.snapshotConfiguration().resolveSchemaCompatibility(read);

        assertThat(restored).isEqualTo(serializer);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
        WindowAccumulator window = busyWindow();
        DataOutputSerializer written = new DataOutputSerializer(256);
        serializer.serialize(window, written);
        assertThat(
                        restored.deserialize(new DataInputDeserializer(written.getCopyOfBuffer()))
                                .kernel())
                .isEqualTo(window.kernel());
    }

    @Test
    void corruptStateFailsWithAReasonInsteadOfAllocating() {
        DataOutputSerializer out = new DataOutputSerializer(64);
        assertThatThrownBy(
                        () -> {
                            out.writeBoolean(false); // no source
                            out.writeBoolean(false); // no destination
                            out.writeInt(9080);
                            new Wire().writeString(null, out); // no protocol
                            for (int i = 0; i < 3; i++) {
                                out.writeBoolean(false);
                            }
                            for (int i = 0; i < 15; i++) {
                                Wire.writeVarlong(0, out);
                            }
                            Wire.writeVarint(Integer.MAX_VALUE, out); // process names
                            serializer.deserialize(
                                    new DataInputDeserializer(out.getCopyOfBuffer()));
                        })
                .isInstanceOf(IOException.class)
                .hasMessageContaining("corrupt length");
    }

    /** Flows from both nodes with processes, requests at both sidecars, held and judged. */
    private static WindowAccumulator busyWindow() {
        WindowAccumulator window = new WindowAccumulator();
        window.add(
                kernel(
                        PRODUCTPAGE,
                        REVIEWS_WITH_EVERYTHING,
                        9080,
                        T0,
                        FlowAction.ALLOW,
                        List.of("curl"),
                        FlowReporter.SRC));
        window.add(
                kernel(
                        PRODUCTPAGE,
                        REVIEWS_WITH_EVERYTHING,
                        9080,
                        T0,
                        FlowAction.ALLOW,
                        List.of("java"),
                        FlowReporter.DST));
        window.add(outbound(PRODUCTPAGE, REVIEWS_WITH_EVERYTHING, 9080, minutes(1)));
        window.add(inbound(PRODUCTPAGE, REVIEWS_WITH_EVERYTHING, 9080, minutes(1), true));
        window.add(inbound(PRODUCTPAGE, REVIEWS_WITH_EVERYTHING, 9080, minutes(3), false));
        window.markHeld();
        window.markFired();
        return window;
    }

    private WindowAccumulator roundTrip(WindowAccumulator window) throws IOException {
        return serializer.deserialize(new DataInputDeserializer(bytes(window)));
    }

    private byte[] bytes(WindowAccumulator window) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(window, out);
        return out.getCopyOfBuffer();
    }
}
