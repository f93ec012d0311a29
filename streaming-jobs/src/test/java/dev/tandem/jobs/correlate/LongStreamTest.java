package dev.tandem.jobs.correlate;

import static dev.tandem.jobs.correlate.Fixtures.PRODUCTPAGE;
import static dev.tandem.jobs.correlate.Fixtures.REVIEWS;
import static dev.tandem.jobs.correlate.Fixtures.inbound;
import static dev.tandem.jobs.correlate.Fixtures.minutes;
import static dev.tandem.jobs.correlate.Fixtures.outbound;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowCounters;
import dev.tandem.ingest.model.FlowReporter;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Long connections (a gRPC stream, a long TCP connection) in {@link EdgeWindowBuilder}: Envoy logs
 * one line when the stream ends, with its start time, while Calico reports the connection in every
 * flush interval it is open. Windows W0 = [T0, T0+5m), W1 = [T0+5m, T0+10m), …; a window is due at
 * its end + 2 min of slack; the default maximum hold is 30 min.
 */
class LongStreamTest {
    private static final int PORT = 9080;
    private static final String EDGE = EdgeKey.of(PRODUCTPAGE, REVIEWS, PORT, "tcp");

    private KeyedOneInputStreamOperatorTestHarness<String, EdgeEvidence, EdgeWindow> harness;

    @BeforeEach
    void open() throws Exception {
        create();
        harness.open();
    }

    private void create() throws Exception {
        create(Fixtures.SETTINGS);
    }

    private void create(CorrelateSettings settings) throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new EdgeWindowBuilder(settings)),
                        new EdgeKeySelector(),
                        Types.STRING);
        harness.setup(ModelTypes.EDGE_WINDOW.createSerializer(new SerializerConfigImpl()));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /** The start of window {@code n}: T0 + 5n min. */
    private static Instant window(int n) {
        return minutes(5.0 * n);
    }

    /** When window {@code n} is due: its end plus the slack. */
    private static Instant due(int n) {
        return minutes(5.0 * n + 7);
    }

    /** Both nodes' flow reports of the edge in window {@code n}, with Calico's counters. */
    private void kernel(int n, long active, long started, long completed) throws Exception {
        for (FlowReporter reporter : List.of(FlowReporter.SRC, FlowReporter.DST)) {
            KernelFlow base =
                    Fixtures.flow(
                            Fixtures.podIp("10.0.0.1"),
                            Fixtures.podIp("10.0.0.2"),
                            PORT,
                            FlowAction.ALLOW,
                            List.of(reporter),
                            window(n),
                            List.of());
            KernelFlow flow =
                    new KernelFlow(
                            base.origin(),
                            base.start(),
                            base.end(),
                            base.source(),
                            base.destination(),
                            base.destinationPort(),
                            base.protocol(),
                            base.action(),
                            base.reporters(),
                            base.destinationService(),
                            base.policies(),
                            new FlowCounters(100, 200, 1, 2, active, started, completed, 0, 0),
                            base.processNames(),
                            base.originalSourceIps(),
                            base.destinationDomains(),
                            base.host(),
                            base.tcpStats());
            send(new EdgeEvidence(PRODUCTPAGE, REVIEWS, PORT, "tcp", window(n), flow, null, false));
        }
    }

    /** Both sidecars' lines of a stream that started at {@code start}. */
    private void lines(Instant start) throws Exception {
        send(outbound(PRODUCTPAGE, REVIEWS, PORT, start));
        send(inbound(PRODUCTPAGE, REVIEWS, PORT, start, true));
    }

    private void send(EdgeEvidence evidence) throws Exception {
        harness.processElement(evidence, evidence.eventTime().toEpochMilli());
    }

    private void watermark(Instant at) throws Exception {
        harness.processWatermark(at.toEpochMilli());
    }

    private List<EdgeWindow> judged() {
        return harness.extractOutputValues();
    }

    private boolean nothingLate() {
        return harness.getSideOutput(EdgeWindowBuilder.LATE) == null;
    }

    /** The windows the builder holds for the edge. */
    private int windowsInState() throws Exception {
        KeyedStateBackend<Object> backend = harness.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(EDGE);
        MapState<Long, WindowAccumulator> windows =
                backend.getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        new MapStateDescriptor<>(
                                "edge-windows",
                                BasicTypeInfo.LONG_TYPE_INFO,
                                ModelTypes.WINDOW_ACCUMULATOR));
        int count = 0;
        for (Long ignored : windows.keys()) {
            count++;
        }
        return count;
    }

    /** A 30-minute stream opened at T0+30s: W0 opens it, W1..W5 carry it, W6 closes it. */
    private void openThirtyMinuteStream() throws Exception {
        kernel(0, 1, 1, 0);
        watermark(due(0));
        for (int n = 1; n <= 5; n++) {
            kernel(n, 1, 0, 0);
            watermark(due(n));
        }
    }

    @Test
    void mediatedThirtyMinuteStreamIsNeverABypass() throws Exception {
        openThirtyMinuteStream();
        // Nothing is judged while the stream is open and its sidecars have not logged it yet.
        assertThat(judged()).isEmpty();

        lines(minutes(0.5)); // written at T0+31m, when the stream ended, with its start
        kernel(6, 1, 0, 1);
        watermark(due(6));

        assertThat(judged())
                .extracting(EdgeWindow::windowStart)
                .containsExactly(
                        window(0), window(1), window(2), window(3), window(4), window(5),
                        window(6));
        assertThat(judged()).allSatisfy(w -> assertThat(w.verdict()).isEqualTo(Verdict.MEDIATED));
        assertThat(judged())
                .extracting(EdgeWindow::confidence)
                .containsExactly(1.0, 0.7, 0.7, 0.7, 0.7, 0.7, 0.7);
        assertThat(judged().get(3).reason()).contains("long connection");
        assertThat(nothingLate()).isTrue();

        watermark(due(9));
        assertThat(windowsInState()).isZero();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void heldWindowsAreJudgedAsSoonAsTheStreamsLinesArrive() throws Exception {
        openThirtyMinuteStream();
        lines(minutes(0.5));
        watermark(minutes(32.5));

        // W0..W5 at once; W6, which will report the close, is not due yet.
        assertThat(judged()).hasSize(6);
        assertThat(judged()).allSatisfy(w -> assertThat(w.verdict()).isEqualTo(Verdict.MEDIATED));
        assertThat(nothingLate()).isTrue();
    }

    @Test
    void longStreamWithoutAnyProxyLineIsAlertedWhenItCloses() throws Exception {
        // A 20-minute stream that went around both sidecars: W0 opens it, W4 closes it.
        kernel(0, 1, 1, 0);
        for (int n = 1; n <= 3; n++) {
            watermark(due(n - 1));
            kernel(n, 1, 0, 0);
        }
        kernel(4, 1, 0, 1);
        watermark(due(4).minusMillis(1));
        assertThat(judged()).isEmpty();

        watermark(due(4));
        assertThat(judged()).hasSize(5);
        assertThat(judged())
                .allSatisfy(w -> assertThat(w.verdict()).isEqualTo(Verdict.BYPASS_EGRESS))
                .allSatisfy(w -> assertThat(w.confidence()).isEqualTo(0.8));

        watermark(due(7));
        assertThat(windowsInState()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void streamThatNeverClosesIsAlertedAtTheHoldLimitAndStateStaysBounded() throws Exception {
        // A bypass stream open all day: each window waits 30 min past its slack, then is alerted.
        kernel(0, 1, 1, 0);
        int maxWindows = 0;
        for (int n = 1; n < 288; n++) {
            watermark(due(n - 1));
            kernel(n, 1, 0, 0);
            maxWindows = Math.max(maxWindows, windowsInState());
            if (n == 6) {
                assertThat(judged()).isEmpty(); // W0 is due at 7m and held until 37m
            }
            if (n == 7) {
                assertThat(judged()).extracting(EdgeWindow::windowStart).containsExactly(window(0));
                assertThat(judged().get(0).verdict()).isEqualTo(Verdict.BYPASS_EGRESS);
            }
        }
        // hold / window + 3
        assertThat(maxWindows).isLessThanOrEqualTo(30 / 5 + 3);
        assertThat(harness.numEventTimeTimers()).isLessThanOrEqualTo(30 / 5 + 6);

        watermark(due(300));
        assertThat(judged())
                .hasSize(288)
                .allSatisfy(w -> assertThat(w.verdict()).isEqualTo(Verdict.BYPASS_EGRESS));
        assertThat(windowsInState()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void maxHoldDefaultsToThirtyMinutesAndZeroTurnsHoldingOff() throws Exception {
        assertThat(CorrelateSettings.defaults().maxHold()).isEqualTo(Duration.ofMinutes(30));
        CorrelateSettings defaults = CorrelateSettings.defaults();
        harness.close();
        create(
                new CorrelateSettings(
                        defaults.window(),
                        defaults.slack(),
                        defaults.outOfOrderness(),
                        defaults.idleness(),
                        Duration.ZERO));
        harness.open();

        kernel(0, 1, 1, 0);
        watermark(due(0));

        assertThat(judged()).extracting(EdgeWindow::verdict).containsExactly(Verdict.BYPASS_EGRESS);
    }

    @Test
    void goldmaneCountersOfAStreamAreHeldLikeCalicos() throws Exception {
        // Goldmane's numFlows is connections started + still live; its close reports completed 1
        // and live 0, so numFlows is 0 there.
        kernel(0, 2, 1, 0);
        watermark(due(0));
        kernel(1, 1, 0, 0);
        watermark(due(1));
        kernel(2, 1, 0, 0);
        watermark(due(2));
        assertThat(judged()).isEmpty();

        lines(minutes(0.5));
        kernel(3, 0, 0, 1);
        watermark(due(3));

        assertThat(judged())
                .hasSize(4)
                .allSatisfy(w -> assertThat(w.verdict()).isEqualTo(Verdict.MEDIATED));
        watermark(due(6));
        assertThat(windowsInState()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void streamThatSkipsTheClientsSidecarIsStillABypassWhenTheServersLineArrives()
            throws Exception {
        // Only the server's sidecar logs the stream, without mTLS, when it ends: the client's
        // sidecar never saw it. The line covers no outbound side, so nothing becomes MEDIATED.
        kernel(0, 1, 1, 0);
        for (int n = 1; n <= 3; n++) {
            watermark(due(n - 1));
            kernel(n, 1, 0, 0);
        }
        send(inbound(PRODUCTPAGE, REVIEWS, PORT, minutes(0.5), false));
        kernel(4, 1, 0, 1);
        watermark(due(4));

        assertThat(judged())
                .hasSize(5)
                .allSatisfy(w -> assertThat(w.verdict()).isEqualTo(Verdict.BYPASS_EGRESS))
                .allSatisfy(w -> assertThat(w.confidence()).isEqualTo(0.8));
        assertThat(judged().get(0).proxy().plaintextRequests()).isEqualTo(1);
        assertThat(nothingLate()).isTrue();
    }

    @Test
    void shortRequestWithItsLinesInAHeldStretchIsJudgedNormally() throws Exception {
        kernel(0, 1, 1, 0);
        watermark(due(0));
        kernel(1, 1, 0, 0);
        kernel(2, 2, 1, 1); // the stream, and a short request that came and went
        lines(minutes(11));
        watermark(due(2));

        // W1 and W2 have the short request's lines (W1 as a neighbour); W0 still waits.
        assertThat(judged())
                .extracting(EdgeWindow::windowStart, EdgeWindow::verdict, EdgeWindow::confidence)
                .containsExactly(
                        tuple(window(1), Verdict.MEDIATED, 0.7),
                        tuple(window(2), Verdict.MEDIATED, 1.0));
    }

    @Test
    void shortRequestWithoutLinesInAHeldStretchIsABypassAtOnce() throws Exception {
        kernel(0, 1, 1, 0);
        watermark(due(0));
        kernel(1, 1, 0, 0);
        watermark(due(1));
        kernel(2, 2, 1, 1); // a connection opened and closed in W2, and no sidecar logged it
        watermark(due(2));

        assertThat(judged()).extracting(EdgeWindow::windowStart).containsExactly(window(2));
        assertThat(judged().get(0).verdict()).isEqualTo(Verdict.BYPASS_EGRESS);
    }

    @Test
    void heldWindowsSurviveASnapshotAndRestore() throws Exception {
        kernel(0, 1, 1, 0);
        watermark(due(0));
        kernel(1, 1, 0, 0);
        watermark(due(1));
        kernel(2, 1, 0, 0);
        assertThat(judged()).isEmpty();
        var snapshot = harness.snapshot(1L, 1L);
        harness.close();

        create();
        harness.initializeState(snapshot);
        harness.open();
        lines(minutes(0.5));
        kernel(3, 1, 0, 1);
        watermark(due(3));

        assertThat(judged())
                .hasSize(4)
                .allSatisfy(w -> assertThat(w.verdict()).isEqualTo(Verdict.MEDIATED));
        assertThat(nothingLate()).isTrue();
        watermark(due(6));
        assertThat(windowsInState()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aDayOfLoggedHalfHourStreamsLeavesNothingBehind() throws Exception {
        // One stream per half hour, each logged by both sidecars when it ends.
        int maxWindows = 0;
        for (int stream = 0; stream < 48; stream++) {
            int first = stream * 6;
            kernel(first, 1, 1, 0);
            for (int n = first + 1; n < first + 6; n++) {
                watermark(due(n - 1));
                kernel(n, 1, 0, 0);
                maxWindows = Math.max(maxWindows, windowsInState());
            }
            lines(window(first).plusSeconds(10));
            kernel(first + 5, 0, 0, 1); // closes before the next one opens
            watermark(due(first + 5));
        }
        watermark(due(300));

        assertThat(maxWindows).isLessThanOrEqualTo(30 / 5 + 3);
        assertThat(judged())
                .hasSize(288)
                .allSatisfy(w -> assertThat(w.verdict()).isEqualTo(Verdict.MEDIATED));
        assertThat(nothingLate()).isTrue();
        assertThat(windowsInState()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
