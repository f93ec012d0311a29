package dev.tandem.ingest.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    @Test
    void aFluentBitRecordStaysOneWhateverElseItsKeysSay() {
        // The envelope rule comes first: Envoy keys beside it (merge_log lifts them to the top
        // level) or a Goldmane key do not make the record an access log or a flow.
        assertThat(sniff("{\"log\":\"x\",\"stream\":\"stdout\",\"response_code\":200}"))
                .isEqualTo(LineFormat.FLUENT_BIT_ENVELOPE);
        assertThat(sniff("{\"upstream_cluster\":\"a\",\"kubernetes\":{},\"Key\":1,\"log\":\"x\"}"))
                .isEqualTo(LineFormat.FLUENT_BIT_ENVELOPE);
        // The envelope needs log and one of kubernetes or stream; log beside Envoy keys is Envoy.
        assertThat(sniff("{\"log\":\"x\",\"response_code\":200}")).isEqualTo(LineFormat.ENVOY_JSON);
        assertThat(sniff("{\"log\":\"x\"}")).isEqualTo(LineFormat.UNKNOWN);
        assertThat(sniff("{\"stream\":\"stdout\",\"kubernetes\":{}}"))
                .isEqualTo(LineFormat.UNKNOWN);
    }

    @Test
    void keysAfterTheFirstEnvoyKeyStillCountWhereverTheyAre() {
        // The scan may stop at an access log line's first Envoy key only when the rest of the
        // line cannot hold a log or Goldmane key: one that is there, at any place in a word,
        // still decides.
        for (int pad = 0; pad < 17; pad++) {
            String filler = ",\"x\":\"" + "a".repeat(pad) + "\"";
            String envoy = "{\"response_code\":200" + filler;
            assertThat(sniff(envoy + ",\"Key\":{}}"))
                    .as("pad %d", pad)
                    .isEqualTo(LineFormat.GOLDMANE_JSON);
            assertThat(sniff(envoy + ",\"key\":{}}"))
                    .as("pad %d", pad)
                    .isEqualTo(LineFormat.GOLDMANE_JSON);
            assertThat(sniff(envoy + ",\"log\":\"x\",\"stream\":\"stdout\"}"))
                    .as("pad %d", pad)
                    .isEqualTo(LineFormat.FLUENT_BIT_ENVELOPE);
            // Their bytes as a value, not a key: the scan reads on and the line stays Envoy.
            assertThat(sniff(envoy + ",\"y\":\"log\",\"z\":[\"Key\"]}"))
                    .as("pad %d", pad)
                    .isEqualTo(LineFormat.ENVOY_JSON);
            assertThat(sniff(envoy + ",\"stream\":\"stdout\"}"))
                    .as("pad %d", pad)
                    .isEqualTo(LineFormat.ENVOY_JSON);
        }
        // A log key before the first Envoy key: a stream key after it makes a Fluent Bit record.
        assertThat(sniff("{\"log\":\"x\",\"response_code\":200,\"kubernetes\":{}}"))
                .isEqualTo(LineFormat.FLUENT_BIT_ENVELOPE);
    }

    @Test
    void aGoldmaneKeyAnywhereOutranksEnvoyAndCalicoKeys() {
        assertThat(sniff("{\"response_code\":200,\"reporter\":\"src\",\"key\":{}}"))
                .isEqualTo(LineFormat.GOLDMANE_JSON);
        assertThat(sniff("{\"Key\":{},\"downstream_remote_address\":\"a\"}"))
                .isEqualTo(LineFormat.GOLDMANE_JSON);
        assertThat(sniff("{\"KEY\":{},\"response_code\":200}")).isEqualTo(LineFormat.ENVOY_JSON);
        // Envoy keys outrank Calico keys; a Calico key alone is Calico.
        assertThat(sniff("{\"source_namespace\":\"a\",\"response_code\":200}"))
                .isEqualTo(LineFormat.ENVOY_JSON);
        assertThat(sniff("{\"dest_name_aggr\":\"a\"}")).isEqualTo(LineFormat.CALICO_JSON);
        // The suffix alone is not a Calico key: it needs a name in front.
        assertThat(sniff("{\"_name_aggr\":\"a\"}")).isEqualTo(LineFormat.UNKNOWN);
    }

    @Test
    void escapesDecideWhereAStringEndsAtEveryPositionInAWord() {
        // Shifting the text one byte at a time puts each escape at every place in an eight-byte
        // word, and across the boundary between two words.
        for (int pad = 0; pad < 17; pad++) {
            String a = "a".repeat(pad);
            // An escaped quote does not end the value, so what follows is text, not a key.
            assertThat(sniff("{\"x\":\"" + a + "\\\"response_code\\\":1\"}"))
                    .as("pad %d", pad)
                    .isEqualTo(LineFormat.UNKNOWN);
            // An escaped backslash does not escape the quote after it: the value ends there.
            assertThat(sniff("{\"x\":\"" + a + "\\\\\",\"response_code\":1}"))
                    .as("pad %d", pad)
                    .isEqualTo(LineFormat.ENVOY_JSON);
            // Outside a string a backslash escapes nothing.
            assertThat(sniff("{" + a + "\\\"response_code\":1}"))
                    .as("pad %d", pad)
                    .isEqualTo(LineFormat.ENVOY_JSON);
        }
    }

    @Test
    void aKeyIsAnyStringWithAColonAfterItsQuotePastWhitespaceAndByteOrderMarks() {
        assertThat(sniff("{\"response_code\" \t\r\n:200}")).isEqualTo(LineFormat.ENVOY_JSON);
        assertThat(sniff("{\"response_code\"\uFEFF:200}")).isEqualTo(LineFormat.ENVOY_JSON);
        assertThat(sniff("{\"response_code\" x:200}")).isEqualTo(LineFormat.UNKNOWN);
        // A scan that knows nothing of nesting: a nested key counts, and so does a value
        // followed by a colon.
        assertThat(sniff("{\"a\":{\"b\":[{\"reporter\":1}]}}")).isEqualTo(LineFormat.CALICO_JSON);
        assertThat(sniff("{\"a\":\"reporter\":1}")).isEqualTo(LineFormat.CALICO_JSON);
    }

    @Test
    void aTruncatedObjectIsDecidedByTheKeysBeforeTheCut() {
        assertThat(sniff("{\"response_code\":200,\"log\":\"x\",\"stream\""))
                .isEqualTo(LineFormat.ENVOY_JSON);
        assertThat(sniff("{\"response_code\":200,\"log\":\"x\",\"stream\":"))
                .isEqualTo(LineFormat.FLUENT_BIT_ENVELOPE);
        assertThat(sniff("{\"log\":\"x\",\"str")).isEqualTo(LineFormat.UNKNOWN);
        assertThat(sniff("{\"reporter\":\"src\",\"x\":\"unclosed \\\",\"Key\":1"))
                .isEqualTo(LineFormat.CALICO_JSON);
        assertThat(sniff("{")).isEqualTo(LineFormat.UNKNOWN);
    }

    @Test
    void hugeLinesAreReadToTheEnd() {
        String value = "v".repeat(4 << 20);
        assertThat(sniff("{\"path\":\"" + value + "\",\"response_code\":200}"))
                .isEqualTo(LineFormat.ENVOY_JSON);
        assertThat(sniff("{\"response_code\":200,\"path\":\"" + value + "\",\"key\":{}}"))
                .isEqualTo(LineFormat.GOLDMANE_JSON);
        assertThat(sniff("{\"log\":\"" + value + "\",\"stream\":\"stdout\"}"))
                .isEqualTo(LineFormat.FLUENT_BIT_ENVELOPE);
    }

    @Test
    void bytesAboveAsciiAreNeverQuotesOrBackslashes() {
        // 0xA2 and 0xDC differ from a quote and a backslash only in the high bit.
        byte[] line =
                concat(
                        "{\"x\":\"",
                        new byte[] {
                            (byte) 0xA2, (byte) 0xDC, (byte) 0xA2, (byte) 0xDC, (byte) 0xFF
                        },
                        "\",\"response_code\":1,\"\u00e9\u00e8\":\"\uD83D\uDE00\"}");
        assertThat(LineFormatSniffer.sniff(line, 0, line.length)).isEqualTo(LineFormat.ENVOY_JSON);
        assertThat(sniff("{\"l\u00f6g\":\"x\",\"stream\":\"stdout\"}"))
                .isEqualTo(LineFormat.UNKNOWN);
    }

    @Test
    void aLineIsReadOnlyWithinItsRange() {
        // Bytes past the range would make a Fluent Bit record of it; inside it is Envoy JSON.
        byte[] buffer =
                "{\"response_code\":200,\"log\":1}\"stream\":1".getBytes(StandardCharsets.UTF_8);
        int length = "{\"response_code\":200,\"log\":1}".length();
        assertThat(LineFormatSniffer.sniff(buffer, 0, length)).isEqualTo(LineFormat.ENVOY_JSON);
        assertThat(LineFormatSniffer.sniff(buffer, 0, buffer.length))
                .isEqualTo(LineFormat.FLUENT_BIT_ENVELOPE);
        assertThatThrownBy(() -> LineFormatSniffer.sniff(buffer, 4, buffer.length))
                .isInstanceOf(IndexOutOfBoundsException.class);
    }

    private static byte[] concat(String head, byte[] middle, String tail) {
        byte[] h = head.getBytes(StandardCharsets.UTF_8);
        byte[] t = tail.getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[h.length + middle.length + t.length];
        System.arraycopy(h, 0, out, 0, h.length);
        System.arraycopy(middle, 0, out, h.length, middle.length);
        System.arraycopy(t, 0, out, h.length + middle.length, t.length);
        return out;
    }

    /** The sniffer's answer, checked against the reference scan's so that both are pinned. */
    private static LineFormat sniff(String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        LineFormat answer = LineFormatSniffer.sniff(bytes, 0, bytes.length);
        assertThat(answer)
                .as(line)
                .isEqualTo(ReferenceLineFormatSniffer.sniff(bytes, 0, bytes.length));
        return answer;
    }
}
