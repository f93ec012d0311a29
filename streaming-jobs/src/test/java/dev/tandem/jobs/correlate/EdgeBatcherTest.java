package dev.tandem.jobs.correlate;

import static dev.tandem.jobs.correlate.Fixtures.BATCH;
import static dev.tandem.jobs.correlate.Fixtures.EXTERNAL_API;
import static dev.tandem.jobs.correlate.Fixtures.LEGACY;
import static dev.tandem.jobs.correlate.Fixtures.PRODUCTPAGE;
import static dev.tandem.jobs.correlate.Fixtures.REVIEWS;
import static dev.tandem.jobs.correlate.Fixtures.inbound;
import static dev.tandem.jobs.correlate.Fixtures.kernel;
import static dev.tandem.jobs.correlate.Fixtures.minutes;
import static dev.tandem.jobs.correlate.Fixtures.outbound;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowReporter;
import dev.tandem.ingest.model.Labels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link EdgeBatcher}: what waits, when it goes out, and that the windows judged from its batches
 * are the windows judged from the evidence one by one.
 */
class EdgeBatcherTest {
    private static final int PORT = 9080;

    /** Window [T0, T0+5m) is due when the watermark reaches T0+5m+2m slack. */
    private static final Instant FIRST_WINDOW_DUE = minutes(7);

    private OneInputStreamOperatorTestHarness<EdgeEvidence, EdgeEvidence> batcher;

    @BeforeEach
    void open() throws Exception {
        batcher = new OneInputStreamOperatorTestHarness<>(new EdgeBatcher(Fixtures.SETTINGS));
        batcher.setup(ModelTypes.EDGE_EVIDENCE.createSerializer(new SerializerConfigImpl()));
        batcher.open();
    }

    @AfterEach
    void close() throws Exception {
        batcher.close();
    }

    private void send(EdgeEvidence... evidence) throws Exception {
        for (EdgeEvidence e : evidence) {
            batcher.processElement(e, e.eventTime().toEpochMilli());
        }
    }

    /** What went out so far: evidence as it went, watermarks as their times. */
    private List<Object> out() {
        List<Object> out = new ArrayList<>();
        for (Object element : batcher.getOutput()) {
            if (element instanceof StreamRecord<?> record) {
                out.add(record.getValue());
            } else if (element instanceof Watermark mark) {
                out.add(mark.getTimestamp());
            } else {
                out.add(element);
            }
        }
        return out;
    }

    @Test
    void evidenceOfOneEdgeWindowWaitsForTheWatermarkAndGoesOutAsOneBatch() throws Exception {
        EdgeEvidence flow = kernel(PRODUCTPAGE, REVIEWS, PORT, minutes(0), FlowReporter.SRC);
        EdgeEvidence request = outbound(PRODUCTPAGE, REVIEWS, PORT, minutes(1));
        EdgeEvidence otherEdge = kernel(LEGACY, REVIEWS, PORT, minutes(2), FlowReporter.DST);
        EdgeEvidence served = inbound(PRODUCTPAGE, REVIEWS, PORT, minutes(3), true);
        EdgeEvidence nextWindow = outbound(PRODUCTPAGE, REVIEWS, PORT, minutes(6));
        send(flow, request, otherEdge, served, nextWindow);

        assertThat(out()).isEmpty();

        batcher.processWatermark(minutes(4).toEpochMilli());

        assertThat(out())
                .containsExactly(
                        EdgeEvidence.batch(List.of(flow, request, served)),
                        otherEdge,
                        nextWindow,
                        minutes(4).toEpochMilli());
    }

    @Test
    void piecesWhoseEdgeKeysAreEqualStringsShareABatchWhateverTheirFields() throws Exception {
        EdgeEvidence slashInNamespace =
                outbound(Fixtures.unmeshed("a/b", "c"), REVIEWS, PORT, minutes(1));
        EdgeEvidence slashInName =
                outbound(Fixtures.unmeshed("a", "b/c"), REVIEWS, PORT, minutes(2));
        EdgeEvidence again = outbound(Fixtures.unmeshed("a/b", "c"), REVIEWS, PORT, minutes(3));
        send(slashInNamespace, slashInName, again);

        batcher.processWatermark(minutes(4).toEpochMilli());

        assertThat(out())
                .containsExactly(
                        EdgeEvidence.batch(List.of(slashInNamespace, slashInName, again)),
                        minutes(4).toEpochMilli());
    }

    @Test
    void evidenceOfADueWindowGoesOnAtOnceAlone() throws Exception {
        batcher.processWatermark(FIRST_WINDOW_DUE.toEpochMilli());
        EdgeEvidence late = outbound(PRODUCTPAGE, REVIEWS, PORT, minutes(1));
        EdgeEvidence current = outbound(PRODUCTPAGE, REVIEWS, PORT, minutes(6));
        send(late, current);

        assertThat(out()).containsExactly(FIRST_WINDOW_DUE.toEpochMilli(), late);
    }

    @Test
    void everythingGoesOutBeforeTheSubtaskIsIdleAndNothingWaitsWhileItIs() throws Exception {
        EdgeEvidence before = outbound(PRODUCTPAGE, REVIEWS, PORT, minutes(1));
        EdgeEvidence whileIdle = inbound(PRODUCTPAGE, REVIEWS, PORT, minutes(1), true);
        EdgeEvidence afterwards = outbound(PRODUCTPAGE, REVIEWS, PORT, minutes(2));
        send(before);
        batcher.processWatermarkStatus(WatermarkStatus.IDLE);
        send(whileIdle);
        batcher.processWatermarkStatus(WatermarkStatus.ACTIVE);
        send(afterwards);

        assertThat(out())
                .containsExactly(before, WatermarkStatus.IDLE, whileIdle, WatermarkStatus.ACTIVE);
    }

    @Test
    void everythingGoesOutBeforeACheckpointBarrier() throws Exception {
        EdgeEvidence request = outbound(PRODUCTPAGE, REVIEWS, PORT, minutes(1));
        send(request);

        batcher.prepareSnapshotPreBarrier(1);

        assertThat(out()).containsExactly(request);
    }

    @Test
    void everythingGoesOutAtTheEndOfTheInput() throws Exception {
        EdgeEvidence request = outbound(PRODUCTPAGE, REVIEWS, PORT, minutes(1));
        send(request);

        batcher.close();

        assertThat(out()).containsExactly(request);
    }

    @Test
    void atMostMaxWaitingPiecesWait() throws Exception {
        for (int i = 0; i < EdgeBatcher.MAX_WAITING - 1; i++) {
            send(outbound(PRODUCTPAGE, REVIEWS, PORT, minutes(1)));
        }
        assertThat(out()).isEmpty();

        send(outbound(PRODUCTPAGE, REVIEWS, PORT, minutes(1)));

        assertThat(out()).hasSize(1);
        assertThat(((EdgeEvidence) out().get(0)).batch()).hasSize(EdgeBatcher.MAX_WAITING);
    }

    /**
     * A day of mixed evidence on a few edges (out of order, some of it late, one edge's endpoint
     * seen with and without its labels) judged twice: one piece at a time, and through the batcher
     * and the serializer. Same windows, same late evidence.
     */
    @Test
    void batchesAreJudgedExactlyAsTheirPiecesOneByOne() throws Exception {
        EndpointRef reviewsWithoutLabels =
                new EndpointRef(
                        REVIEWS.namespace(),
                        REVIEWS.workload(),
                        REVIEWS.kind(),
                        Labels.empty(),
                        false,
                        null);
        List<EndpointRef[]> edges =
                List.of(
                        new EndpointRef[] {PRODUCTPAGE, REVIEWS},
                        new EndpointRef[] {PRODUCTPAGE, reviewsWithoutLabels},
                        new EndpointRef[] {LEGACY, REVIEWS},
                        new EndpointRef[] {BATCH, EXTERNAL_API});
        Random random = new Random(42);
        TypeSerializer<EdgeEvidence> wire =
                ModelTypes.EDGE_EVIDENCE.createSerializer(new SerializerConfigImpl());
        try (KeyedOneInputStreamOperatorTestHarness<String, EdgeEvidence, EdgeWindow> direct =
                        builder();
                KeyedOneInputStreamOperatorTestHarness<String, EdgeEvidence, EdgeWindow> batched =
                        builder()) {
            int forwarded = 0;
            int pieces = 0;
            for (int step = 0; step < 400; step++) {
                double minute = step * 0.5 + random.nextGaussian() * 3;
                Instant at = minutes(Math.max(0, minute));
                EndpointRef[] edge = edges.get(random.nextInt(edges.size()));
                EdgeEvidence evidence =
                        switch (random.nextInt(4)) {
                            case 0 ->
                                    kernel(
                                            edge[0],
                                            edge[1],
                                            PORT,
                                            at,
                                            random.nextInt(10) == 0
                                                    ? FlowAction.DENY
                                                    : FlowAction.ALLOW,
                                            List.of("envoy", "proc-" + random.nextInt(80)),
                                            FlowReporter.SRC);
                            case 1 -> kernel(edge[0], edge[1], PORT, at, FlowReporter.DST);
                            case 2 -> outbound(edge[0], edge[1], PORT, at);
                            default -> inbound(edge[0], edge[1], PORT, at, random.nextBoolean());
                        };
                direct.processElement(evidence, at.toEpochMilli());
                batcher.processElement(evidence, at.toEpochMilli());
                pieces++;
                if (step % 20 == 19) {
                    long mark = minutes(step * 0.5 - 1).toEpochMilli();
                    direct.processWatermark(mark);
                    batcher.processWatermark(mark);
                }
                forwarded += forward(batched, wire);
            }
            direct.processWatermark(Long.MAX_VALUE);
            batcher.processWatermark(Long.MAX_VALUE);
            forwarded += forward(batched, wire);

            Comparator<EdgeWindow> order =
                    Comparator.comparing((EdgeWindow w) -> w.windowStart())
                            .thenComparing(w -> EdgeKey.of(w.source(), w.destination(), 0, ""));
            List<EdgeWindow> expected = new ArrayList<>(direct.extractOutputValues());
            List<EdgeWindow> actual = new ArrayList<>(batched.extractOutputValues());
            expected.sort(order);
            actual.sort(order);
            assertThat(expected).hasSizeGreaterThan(40);
            assertThat(actual).isEqualTo(expected);
            assertThat(late(batched)).isEqualTo(late(direct)).isNotEmpty();
            assertThat(forwarded).as("records across the hop").isLessThan(pieces * 2 / 3);
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, EdgeEvidence, EdgeWindow>
            builder() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, EdgeEvidence, EdgeWindow> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new EdgeWindowBuilder(Fixtures.SETTINGS)),
                        new EdgeKeySelector(),
                        Types.STRING);
        harness.setup(ModelTypes.EDGE_WINDOW.createSerializer(new SerializerConfigImpl()));
        harness.open();
        return harness;
    }

    /** Hands what the batcher sent, through the serializer, to the builder; counts the records. */
    private int forward(
            KeyedOneInputStreamOperatorTestHarness<String, EdgeEvidence, EdgeWindow> builder,
            TypeSerializer<EdgeEvidence> wire)
            throws Exception {
        int records = 0;
        for (Object element : batcher.getOutput()) {
            if (element instanceof StreamRecord<?> record) {
                DataOutputSerializer bytes = new DataOutputSerializer(256);
                wire.serialize((EdgeEvidence) record.getValue(), bytes);
                EdgeEvidence back =
                        wire.deserialize(new DataInputDeserializer(bytes.getCopyOfBuffer()));
                builder.processElement(back, record.getTimestamp());
                records++;
            } else if (element instanceof Watermark mark) {
                builder.processWatermark(mark);
            }
        }
        batcher.getOutput().clear();
        return records;
    }

    private static List<EdgeEvidence> late(
            KeyedOneInputStreamOperatorTestHarness<String, EdgeEvidence, EdgeWindow> harness) {
        List<EdgeEvidence> late = new ArrayList<>();
        if (harness.getSideOutput(EdgeWindowBuilder.LATE) != null) {
            for (StreamRecord<EdgeEvidence> record :
                    harness.getSideOutput(EdgeWindowBuilder.LATE)) {
                late.add(record.getValue());
            }
        }
        return late;
    }
}
