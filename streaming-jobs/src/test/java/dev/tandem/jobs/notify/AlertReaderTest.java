package dev.tandem.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.model.Verdict;
import dev.tandem.jobs.alert.Alert;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The notifier reads the records the correlate job writes, and dead-letters anything else. */
class AlertReaderTest {

    @Test
    void readsTheCorrelateJobsAlertRecord() {
        Alert written = TestAlerts.egressBypass(TestAlerts.T0);
        ReceivedAlert alert = TestAlerts.received(written);
        assertThat(alert.alertId()).isEqualTo(written.alertId()).hasSize(32);
        assertThat(alert.verdict()).isEqualTo(Verdict.BYPASS_EGRESS);
        assertThat(alert.source())
                .isEqualTo(new ReceivedAlert.Peer("shop", "currencyservice", "workload", true));
        assertThat(alert.destination())
                .isEqualTo(new ReceivedAlert.Peer(null, "203.0.113.50", "external", false));
        assertThat(alert.port()).isEqualTo(443);
        assertThat(alert.protocol()).isEqualTo("tcp");
        assertThat(alert.windowStart()).isEqualTo(TestAlerts.T0);
        assertThat(alert.windowEnd()).isEqualTo(TestAlerts.T0.plus(TestAlerts.WINDOW));
        assertThat(alert.confidence()).isEqualTo(0.9);
        assertThat(alert.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(alert.kernel())
                .isEqualTo(
                        new ReceivedAlert.Kernel(
                                12, 0, 30, 4096, 12, 0, java.util.List.of("curl")));
        assertThat(alert.proxy()).isEqualTo(new ReceivedAlert.Proxy(0, 0, 0, 0));
        assertThat(alert.recommendation()).isNull();
        assertThat(alert.groupKey())
                .isEqualTo("shop/currencyservice -> 203.0.113.50:443/tcp#BYPASS_EGRESS");
    }

    @Test
    void aRecommendationInTheRecordIsKept() {
        String json =
                new String(
                        TestAlerts.json(TestAlerts.egressBypass(TestAlerts.T0)),
                        StandardCharsets.UTF_8);
        String withAdvice =
                json.substring(0, json.length() - 1)
                        + ",\"recommendation\":\"apply policies/calico/shop.yaml\"}";
        AlertReader.Result result = AlertReader.read(withAdvice.getBytes(StandardCharsets.UTF_8));
        assertThat(result.alert().recommendation()).isEqualTo("apply policies/calico/shop.yaml");
        assertThat(AlertMessages.group(java.util.List.of(result.alert())).lines())
                .contains("To do: apply policies/calico/shop.yaml");
    }

    @Test
    void recordsThatAreNotAlertsBecomeDeadLetterReasons() {
        assertThat(AlertReader.read(new byte[0]).reason()).isEqualTo(DeadLetterReason.EMPTY);
        assertThat(read("{\"alertId\":")).isEqualTo(DeadLetterReason.MALFORMED_JSON);
        assertThat(read("[1,2]")).isEqualTo(DeadLetterReason.MALFORMED_JSON);
        assertThat(read("{\"verdict\":\"BYPASS_EGRESS\"}"))
                .isEqualTo(DeadLetterReason.MISSING_FIELD);
        assertThat(read("{\"alertId\":\"a\",\"verdict\":\"SIDEWAYS\"}"))
                .isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(AlertReader.read(new byte[AlertReader.MAX_RECORD_BYTES + 1]).reason())
                .isEqualTo(DeadLetterReason.TOO_LARGE);
    }

    private static DeadLetterReason read(String json) {
        AlertReader.Result result = AlertReader.read(json.getBytes(StandardCharsets.UTF_8));
        assertThat(result.ok()).isFalse();
        assertThat(result.detail()).isNotBlank();
        return result.reason();
    }
}
