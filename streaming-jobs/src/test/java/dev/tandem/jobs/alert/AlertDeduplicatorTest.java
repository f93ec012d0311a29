package dev.tandem.jobs.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.KernelEvidence;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.ProxyEvidence;
import dev.tandem.ingest.model.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One alert per edge and verdict per re-alert period, and nothing left once the pair is quiet. */
class AlertDeduplicatorTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final Duration WINDOW = Duration.ofMinutes(5);
    private static final Duration REALERT = Duration.ofHours(1);
    private static final Duration LATENESS = Duration.ofMinutes(8);

    private static final EndpointRef LEGACY = endpoint("legacy", "client", false);
    private static final EndpointRef RATINGS = endpoint("bookinfo", "ratings-v1", true);
    private static final EndpointRef REVIEWS = endpoint("bookinfo", "reviews-v1", true);

    private KeyedOneInputStreamOperatorTestHarness<String, EdgeWindow, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new AlertDeduplicator(REALERT, LATENESS)),
                        new AlertKeySelector(),
                        Types.STRING);
        harness.setup(AlertDeduplicator.OUTPUT_TYPE.createSerializer(new SerializerConfigImpl()));
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void aBypassThatGoesOnAlertsOnceThenAgainAfterTheRealertPeriod() throws Exception {
        for (int minute = 0; minute <= 60; minute += 5) {
            send(
                    window(
                            LEGACY,
                            RATINGS,
                            Verdict.BYPASS_INGRESS,
                            T0.plus(Duration.ofMinutes(minute))));
        }

        assertThat(alerts())
                .extracting(Alert::windowStart)
                .containsExactly(T0, T0.plus(Duration.ofMinutes(60)));
    }

    @Test
    void sameWindowTwiceGivesTheSameAlertIdAndOneAlert() throws Exception {
        EdgeWindow bypass = window(LEGACY, RATINGS, Verdict.BYPASS_INGRESS, T0);
        send(bypass);
        send(bypass);

        assertThat(alerts()).hasSize(1);
        assertThat(alerts().get(0).alertId())
                .isEqualTo(Alert.idOf(bypass))
                .hasSize(32)
                .matches("[0-9a-f]+");
        assertThat(Alert.idOf(window(LEGACY, RATINGS, Verdict.PLAINTEXT, T0)))
                .isNotEqualTo(Alert.idOf(bypass));
        assertThat(Alert.idOf(window(LEGACY, RATINGS, Verdict.BYPASS_INGRESS, T0.plus(WINDOW))))
                .isNotEqualTo(Alert.idOf(bypass));
    }

    @Test
    void eachEdgeAndVerdictIsAlertedOnItsOwn() throws Exception {
        send(window(LEGACY, RATINGS, Verdict.BYPASS_INGRESS, T0));
        send(window(LEGACY, RATINGS, Verdict.PLAINTEXT, T0.plus(WINDOW)));
        send(window(LEGACY, REVIEWS, Verdict.DENIED, T0));
        send(window(LEGACY, REVIEWS, Verdict.DENIED, T0.plus(WINDOW)));

        assertThat(alerts())
                .extracting(a -> a.verdict() + " " + a.destination().workload())
                .containsExactly(
                        "BYPASS_INGRESS ratings-v1", "PLAINTEXT ratings-v1", "DENIED reviews-v1");
    }

    @Test
    void windowsThatAreNotFindingsNeverAlertNorKeepState() throws Exception {
        send(window(LEGACY, RATINGS, Verdict.MEDIATED, T0));
        send(window(LEGACY, RATINGS, Verdict.UNMESHED, T0));

        assertThat(alerts()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void anOutOfOrderWindowInsideThePeriodIsSuppressed() throws Exception {
        send(window(LEGACY, RATINGS, Verdict.BYPASS_INGRESS, T0.plus(Duration.ofMinutes(20))));
        send(window(LEGACY, RATINGS, Verdict.BYPASS_INGRESS, T0));

        assertThat(alerts()).hasSize(1);
    }

    @Test
    void stateIsClearedOnceThePeriodAndLatenessHavePassedAndTheEdgeAlertsAgain() throws Exception {
        send(window(LEGACY, RATINGS, Verdict.BYPASS_INGRESS, T0));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(T0.plus(REALERT).plus(LATENESS).toEpochMilli() - 1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

        harness.processWatermark(T0.plus(REALERT).plus(LATENESS).toEpochMilli());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();

        send(window(LEGACY, RATINGS, Verdict.BYPASS_INGRESS, T0.plus(Duration.ofMinutes(70))));
        assertThat(alerts()).hasSize(2);
    }

    @Test
    void aRealertMovesTheCleanupTimerInsteadOfAddingOne() throws Exception {
        send(window(LEGACY, RATINGS, Verdict.BYPASS_INGRESS, T0));
        send(window(LEGACY, RATINGS, Verdict.BYPASS_INGRESS, T0.plus(REALERT)));

        assertThat(alerts()).hasSize(2);
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);
        harness.processWatermark(T0.plus(REALERT).plus(REALERT).plus(LATENESS).toEpochMilli());
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void refusesAPeriodThatIsNotPositive() {
        assertThatThrownBy(() -> new AlertDeduplicator(Duration.ZERO, LATENESS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("re-alert period");
    }

    private void send(EdgeWindow window) throws Exception {
        harness.processElement(
                new StreamRecord<>(
                        window, window.windowEnd().plus(Duration.ofMinutes(2)).toEpochMilli()));
    }

    private List<Alert> alerts() {
        return harness.extractOutputValues();
    }

    private static EdgeWindow window(
            EndpointRef source, EndpointRef destination, Verdict verdict, Instant start) {
        return new EdgeWindow(
                source,
                destination,
                9080,
                "tcp",
                start,
                start.plus(WINDOW),
                KernelEvidence.none(),
                ProxyEvidence.none(),
                verdict,
                0.8,
                "test window");
    }

    private static EndpointRef endpoint(String namespace, String workload, boolean meshed) {
        return new EndpointRef(
                namespace, workload, EndpointKind.WORKLOAD, Labels.empty(), meshed, null);
    }
}
