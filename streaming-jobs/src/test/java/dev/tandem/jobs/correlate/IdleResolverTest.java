package dev.tandem.jobs.correlate;

import static dev.tandem.jobs.correlate.Fixtures.PRODUCTPAGE_POD;
import static dev.tandem.jobs.correlate.Fixtures.REVIEWS_POD;
import static dev.tandem.jobs.correlate.Fixtures.T0;
import static dev.tandem.jobs.correlate.Fixtures.flow;
import static dev.tandem.jobs.correlate.Fixtures.minutes;
import static dev.tandem.jobs.correlate.Fixtures.pod;
import static dev.tandem.jobs.correlate.Fixtures.podIp;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowReporter;
import dev.tandem.ingest.model.PodRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.io.PushingAsyncDataInput;
import org.apache.flink.streaming.runtime.streamrecord.LatencyMarker;
import org.apache.flink.streaming.runtime.streamrecord.RecordAttributes;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.StatusWatermarkValve;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two resolver subtasks feed the edge windows through one input, as in the job: Flink's {@link
 * StatusWatermarkValve} combines their watermarks and idle statuses. Evidence whose pods are not
 * known yet waits in one subtask; then every log input pauses long enough to go idle, so both
 * resolver subtasks go idle (the inventory always is); the pods arrive; the logs resume an hour of
 * event time later, and the other subtask forwards the new watermark before the waiting one has
 * released its evidence. That is the order the broker scenario ({@code
 * StreamingCorrelationIT.evidenceOnKafkaBeforeItsPodsIsJudgedWithTheWorkloadNames}) hit.
 */
class IdleResolverTest {
    private static final Instant LOGS_RESUME = minutes(61);

    private KeyedBroadcastOperatorTestHarness<Integer, Evidence, PodRecord, EdgeEvidence> waiting;
    private KeyedBroadcastOperatorTestHarness<Integer, Evidence, PodRecord, EdgeEvidence> other;
    private KeyedOneInputStreamOperatorTestHarness<String, EdgeEvidence, EdgeWindow> windows;
    private StatusWatermarkValve windowsInput;

    /** Per channel, the {@link EdgeBatcher} chained to the resolver; none when empty. */
    private final List<OneInputStreamOperatorTestHarness<EdgeEvidence, EdgeEvidence>> batchers =
            new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        windows =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new EdgeWindowBuilder(Fixtures.SETTINGS)),
                        new EdgeKeySelector(),
                        Types.STRING);
        windows.setup(ModelTypes.EDGE_WINDOW.createSerializer(new SerializerConfigImpl()));
        windows.open();
        windowsInput = new StatusWatermarkValve(2);
    }

    @AfterEach
    void close() throws Exception {
        waiting.close();
        other.close();
        windows.close();
        for (OneInputStreamOperatorTestHarness<EdgeEvidence, EdgeEvidence> batcher : batchers) {
            batcher.close();
        }
    }

    @Test
    void evidenceWaitingWhileTheLogsPauseIsJudgedWhenTheyResume() throws Exception {
        waiting = resolverHarness(new ResolverOperator(new EndpointResolver(Fixtures.SETTINGS)));
        other = resolverHarness(new ResolverOperator(new EndpointResolver(Fixtures.SETTINGS)));
        logsPauseAndResume();

        assertThat(windows.extractOutputValues())
                .extracting(
                        w ->
                                w.source().workload()
                                        + " -> "
                                        + w.destination().workload()
                                        + " "
                                        + w.windowStart())
                .containsExactly("productpage-v1 -> reviews-v1 " + T0);
        assertThat(windows.getSideOutput(EdgeWindowBuilder.LATE)).as("nothing late").isNull();
    }

    /** As the job runs it: the batcher chained to each resolver changes nothing here. */
    @Test
    void evidenceWaitingWhileTheLogsPauseIsJudgedWhenTheyResumeThroughTheBatchers()
            throws Exception {
        waiting = resolverHarness(new ResolverOperator(new EndpointResolver(Fixtures.SETTINGS)));
        other = resolverHarness(new ResolverOperator(new EndpointResolver(Fixtures.SETTINGS)));
        for (int channel = 0; channel < 2; channel++) {
            OneInputStreamOperatorTestHarness<EdgeEvidence, EdgeEvidence> batcher =
                    new OneInputStreamOperatorTestHarness<>(new EdgeBatcher(Fixtures.SETTINGS));
            batcher.setup(ModelTypes.EDGE_EVIDENCE.createSerializer(new SerializerConfigImpl()));
            batcher.open();
            batchers.add(batcher);
        }
        logsPauseAndResume();

        assertThat(windows.extractOutputValues())
                .extracting(w -> w.destination().workload() + " " + w.windowStart())
                .containsExactly("reviews-v1 " + T0);
        assertThat(windows.getSideOutput(EdgeWindowBuilder.LATE)).as("nothing late").isNull();
    }

    @Test
    void evidenceReachingAnIdleSubtaskMakesItActiveAgain() throws Exception {
        waiting = resolverHarness(new ResolverOperator(new EndpointResolver(Fixtures.SETTINGS)));
        other = resolverHarness(new ResolverOperator(new EndpointResolver(Fixtures.SETTINGS)));
        inventoryIsIdle(waiting);
        evidenceStatus(waiting, WatermarkStatus.IDLE);
        assertThat(waiting.getOutput()).containsExactly(WatermarkStatus.IDLE);

        waiting.processElement(podFlow(minutes(1)), minutes(1).toEpochMilli());

        assertThat(waiting.getOutput())
                .as("held, so active")
                .containsExactly(WatermarkStatus.IDLE, WatermarkStatus.ACTIVE);
    }

    /**
     * Why the job runs {@link ResolverOperator}: with Flink's own operator the waiting subtask goes
     * idle too, the windows leave it out of their watermark, move on with the other one, and take
     * the evidence released a moment later as late. Its window is never judged.
     */
    @Test
    void withFlinksOperatorTheWaitingEvidenceIsLate() throws Exception {
        waiting = EndpointResolverTest.openHarness();
        other = EndpointResolverTest.openHarness();
        logsPauseAndResume();

        assertThat(windows.extractOutputValues()).as("no window judged").isEmpty();
        assertThat(windows.getSideOutput(EdgeWindowBuilder.LATE))
                .extracting(r -> r.getValue().destination().workload())
                .containsExactly("reviews-v1");
    }

    private void logsPauseAndResume() throws Exception {
        inventoryIsIdle(waiting);
        inventoryIsIdle(other);
        waiting.processElement(podFlow(minutes(1)), minutes(1).toEpochMilli());
        evidenceWatermark(minutes(1));
        forward();
        assertThat(waiting.numEventTimeTimers()).as("the flow waits for its pods").isEqualTo(1);

        evidenceStatus(waiting, WatermarkStatus.IDLE);
        evidenceStatus(other, WatermarkStatus.IDLE);
        assertThat(other.getOutput())
                .as("holding nothing, it says so")
                .contains(WatermarkStatus.IDLE);
        forward();

        for (PodRecord pod : List.of(PRODUCTPAGE_POD, REVIEWS_POD)) {
            waiting.processBroadcastElement(pod, 0L);
            other.processBroadcastElement(pod, 0L);
        }

        // The same watermark reaches both subtasks; the one without waiting evidence is first.
        evidenceStatus(other, WatermarkStatus.ACTIVE);
        other.processWatermark(LOGS_RESUME.toEpochMilli());
        forward();
        evidenceStatus(waiting, WatermarkStatus.ACTIVE);
        waiting.processWatermark(LOGS_RESUME.toEpochMilli());
        forward();
        assertThat(waiting.numEventTimeTimers()).as("released").isZero();
    }

    private void evidenceWatermark(Instant at) throws Exception {
        waiting.processWatermark(at.toEpochMilli());
        other.processWatermark(at.toEpochMilli());
    }

    /** The inventory's input, as {@link InventoryWatermarks} makes it: idle for good. */
    private static void inventoryIsIdle(
            KeyedBroadcastOperatorTestHarness<Integer, Evidence, PodRecord, EdgeEvidence> resolver)
            throws Exception {
        resolver.getTwoInputOperator().processWatermarkStatus2(WatermarkStatus.IDLE);
    }

    private static void evidenceStatus(
            KeyedBroadcastOperatorTestHarness<Integer, Evidence, PodRecord, EdgeEvidence> resolver,
            WatermarkStatus status)
            throws Exception {
        resolver.getTwoInputOperator().processWatermarkStatus1(status);
    }

    /** Each resolver's output so far, into the windows. */
    private void forward() throws Exception {
        forward(waiting, 0);
        forward(other, 1);
    }

    private void forward(
            KeyedBroadcastOperatorTestHarness<Integer, Evidence, PodRecord, EdgeEvidence> resolver,
            int channel)
            throws Exception {
        Object element;
        while ((element = resolver.getOutput().poll()) != null) {
            if (batchers.isEmpty()) {
                toWindows(element, channel);
                continue;
            }
            OneInputStreamOperatorTestHarness<EdgeEvidence, EdgeEvidence> batcher =
                    batchers.get(channel);
            if (element instanceof StreamRecord<?> record) {
                batcher.processElement(evidence(record));
            } else if (element instanceof Watermark watermark) {
                batcher.processWatermark(watermark);
            } else if (element instanceof WatermarkStatus status) {
                batcher.processWatermarkStatus(status);
            }
            Object out;
            while ((out = batcher.getOutput().poll()) != null) {
                toWindows(out, channel);
            }
        }
    }

    /** One network channel into the windows' input. */
    private void toWindows(Object element, int channel) throws Exception {
        if (element instanceof StreamRecord<?> record) {
            windows.processElement(evidence(record));
        } else if (element instanceof Watermark watermark) {
            windowsInput.inputWatermark(watermark, channel, new WindowsInput());
        } else if (element instanceof WatermarkStatus status) {
            windowsInput.inputWatermarkStatus(status, channel, new WindowsInput());
        }
    }

    @SuppressWarnings("unchecked")
    private static StreamRecord<EdgeEvidence> evidence(StreamRecord<?> record) {
        return (StreamRecord<EdgeEvidence>) record;
    }

    private static KeyedBroadcastOperatorTestHarness<Integer, Evidence, PodRecord, EdgeEvidence>
            resolverHarness(ResolverOperator operator) throws Exception {
        KeyedBroadcastOperatorTestHarness<Integer, Evidence, PodRecord, EdgeEvidence> harness =
                new KeyedBroadcastOperatorTestHarness<>(
                        operator,
                        new ResolverKeySelector(),
                        BasicTypeInfo.INT_TYPE_INFO,
                        ResolverKeySelector.BUCKETS,
                        1,
                        0);
        harness.setup(ModelTypes.EDGE_EVIDENCE.createSerializer(new SerializerConfigImpl()));
        harness.open();
        return harness;
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

    /** What the valve lets through to the edge windows. */
    private final class WindowsInput implements PushingAsyncDataInput.DataOutput<EdgeEvidence> {
        @Override
        public void emitRecord(StreamRecord<EdgeEvidence> record) throws Exception {
            windows.processElement(record);
        }

        @Override
        public void emitWatermark(Watermark watermark) throws Exception {
            windows.processWatermark(watermark);
        }

        @Override
        public void emitWatermarkStatus(WatermarkStatus status) throws Exception {
            windows.processWatermarkStatus(status);
        }

        @Override
        public void emitLatencyMarker(LatencyMarker marker) {}

        @Override
        public void emitRecordAttributes(RecordAttributes attributes) {}

        @Override
        public void emitWatermark(org.apache.flink.runtime.event.WatermarkEvent watermark) {}
    }
}
