package dev.tandem.ingest.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.testing.SharedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class LineFormatSnifferTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
        "formats/calico/flowlogs_tigera-docs_aggregation-examples.ndjson, CALICO_JSON",
        "formats/calico/flowlogs_tigera-docs_datatypes-example.ndjson, CALICO_JSON",
        "formats/calico/flowlogs_observability-clinic_hipstershop-deny.ndjson, CALICO_JSON",
        "formats/calico/flowlogs_tigera-docs_host-forwarded-examples.ndjson, CALICO_JSON",
        "formats/calico/felix-syslog_observability-clinic_hep-deny.log, FELIX_SYSLOG",
        "formats/envoy/elastic-integrations-istio/test-access-logs.log, ENVOY_TEXT",
        "formats/envoy/elastic-integrations-istio/test-access-failed.log, ENVOY_TEXT",
        "formats/envoy/elastic-integrations-istio/test-access-json-logs.log, ENVOY_JSON",
        "formats/envoy/elastic-integrations-istio/test-access_container_logs.log, CRI_ENVELOPE",
        "formats/envoy/github-issues/istio-issues_text-access-logs.log, ENVOY_TEXT",
        "formats/envoy/github-issues/istio-issues_text-access-logs_istio-1.8-format.log, ENVOY_TEXT",
        "formats/envoy/github-issues/istio-issues_json-access-log_blackhole.ndjson, ENVOY_JSON",
        "formats/envoy/github-issues/ztunnel-ambient_access-log.log, ZTUNNEL",
        "formats/envoy/istio-io-docs/istio-io_access-log-task_sleep-httpbin.log, ENVOY_TEXT",
        "formats/fluent-bit/filter_kubernetes_in_core_base.log, FLUENT_BIT_ENVELOPE",
        "formats/fluent-bit/filter_kubernetes_out_core_base.out, FLUENT_BIT_ENVELOPE",
        "formats/fluent-bit/filter_kubernetes_out_with_owner_references.out, FLUENT_BIT_ENVELOPE",
        "formats/fluent-bit/filter_kubernetes_out_with_namespace_labels.out, FLUENT_BIT_ENVELOPE",
        "formats/fluent-bit/filter_kubernetes_out_merge_log_json.out, FLUENT_BIT_ENVELOPE",
    })
    void everyLineOfEverySampleIsRecognised(String file, LineFormat expected) throws IOException {
        List<String> lines = Files.readAllLines(SharedFiles.path(file), StandardCharsets.UTF_8);
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            assertThat(sniff(line)).as(line).isEqualTo(expected);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "formats/calico/flowlogs_tigera-docs_aggregation-examples.ndjson",
                "formats/calico/flowlogs_observability-clinic_hipstershop-deny.ndjson",
                "formats/calico/flowlogs_tigera-docs_host-forwarded-examples.ndjson",
                "formats/envoy/elastic-integrations-istio/test-access-json-logs.log",
                "formats/envoy/github-issues/istio-issues_json-access-log_blackhole.ndjson",
                "formats/fluent-bit/filter_kubernetes_out_core_base.out",
                "formats/fluent-bit/filter_kubernetes_in_core_base.log",
                "formats/envoy/elastic-integrations-istio/test-access_container_logs.log"
            })
    void theLayerOnlyAnswerAgreesOnTheLayer(String file) throws IOException {
        for (String line : Files.readAllLines(SharedFiles.path(file), StandardCharsets.UTF_8)) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            LineFormat full = LineFormatSniffer.sniff(bytes, 0, bytes.length);
            LineFormat fast = LineFormatSniffer.sniffLayer(bytes, 0, bytes.length);
            assertThat(isKernel(fast)).as(line).isEqualTo(isKernel(full));
            assertThat(fast == LineFormat.UNKNOWN).as(line).isEqualTo(full == LineFormat.UNKNOWN);
        }
    }

    @Test
    void theLayerOnlyAnswerStopsAtTheFirstDecisiveKey() {
        // Everything after the first flow key is never looked at: not even an unclosed string.
        byte[] bytes =
                "{\"start_time\":1,\"reporter\":\"src\",\"garbage".getBytes(StandardCharsets.UTF_8);
        assertThat(LineFormatSniffer.sniffLayer(bytes, 0, bytes.length))
                .isEqualTo(LineFormat.CALICO_JSON);
        byte[] envelope = "{\"log\":\"x\",\"reporter\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(isKernel(LineFormatSniffer.sniffLayer(envelope, 0, envelope.length))).isFalse();
    }

    private static boolean isKernel(LineFormat format) {
        return format == LineFormat.CALICO_JSON || format == LineFormat.GOLDMANE_JSON;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "   ",
                "hello world",
                "{}",
                "{\"unrelated\":1}",
                "[not a date]",
                "2022-07-22", // a date and nothing after it
                "\"just a string\""
            })
    void unknownShapesAreUnknown(String line) {
        assertThat(sniff(line)).isEqualTo(LineFormat.UNKNOWN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\uFEFF{\"reporter\":\"src\"}", "  \t{\"reporter\":\"src\"}"})
    void leadingWhitespaceAndByteOrderMarkAreSkipped(String line) {
        assertThat(sniff(line)).isEqualTo(LineFormat.CALICO_JSON);
    }

    @Test
    void keysInsideStringValuesDoNotCount() {
        // An Envoy JSON line inside a Fluent Bit record's log field is text, not keys.
        String fluentBit =
                "{\"log\":\"{\\\"upstream_cluster\\\":\\\"inbound|9080||\\\"}\",\"stream\":\"stdout\"}";
        assertThat(sniff(fluentBit)).isEqualTo(LineFormat.FLUENT_BIT_ENVELOPE);
        // A label value that looks like an Envoy key does not make a Calico record an access log.
        String calico =
                "{\"reporter\":\"src\",\"source_labels\":{\"labels\":[\"x=\\\"response_code\\\":\"]}}";
        assertThat(sniff(calico)).isEqualTo(LineFormat.CALICO_JSON);
    }

    @Test
    void anUnclosedStringEndsTheScanWithoutError() {
        assertThat(sniff("{\"reporter\":\"src")).isEqualTo(LineFormat.CALICO_JSON);
        assertThat(sniff("{\"unterminated")).isEqualTo(LineFormat.UNKNOWN);
    }

    private static LineFormat sniff(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        return LineFormatSniffer.sniff(bytes, 0, bytes.length);
    }
}
