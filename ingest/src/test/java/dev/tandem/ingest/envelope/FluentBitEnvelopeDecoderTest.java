package dev.tandem.ingest.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.OwnerRef;
import dev.tandem.ingest.model.PodContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FluentBitEnvelopeDecoderTest {
    private static final Instant FLUENT_BIT_EVENT_TIME =
            Instant.parse("2019-04-01T17:58:33.598656Z");
    private static final String NODE = "ip-10-49-18-80.eu-west-1.compute.internal";
    private static final String ENVOY_LINE =
            "[2022-07-22T12:24:09.217Z] \\\"GET /reviews/0 HTTP/1.1\\\" 200 - via_upstream";

    private final FluentBitEnvelopeDecoder decoder = new FluentBitEnvelopeDecoder();

    private Decoded<Envelope> decode(String json) {
        return decoder.decode(json.getBytes(StandardCharsets.UTF_8), 1);
    }

    private DeadLetter deadLetter(String json) {
        return decode(json).deadLetter();
    }

    private Envelope onlyLineOf(String file) {
        List<byte[]> lines = SampleLines.of("fluent-bit/" + file);
        assertThat(lines).hasSize(1);
        return decoder.decode(lines.get(0), 1).value();
    }

    @Test
    void coreBaseRecordCarriesTheLineAndThePod() {
        Envelope envelope = onlyLineOf("filter_kubernetes_out_core_base.out");

        assertThat(envelope.lineText()).isEqualTo("Fluent Bit is logging");
        assertThat(envelope.loggedAt()).isEqualTo(FLUENT_BIT_EVENT_TIME);
        assertThat(envelope.stream()).isEqualTo("stdout");
        assertThat(envelope.pod())
                .isEqualTo(
                        new PodContext(
                                "core",
                                "base",
                                Labels.of(Map.of("app.kubernetes.io/name", "fluent-bit")),
                                "fluent-bit",
                                "100.116.192.42",
                                NODE,
                                null));
    }

    @Test
    void mergedLogKeysAreIgnoredAndTheOriginalLineKept() {
        Envelope envelope = onlyLineOf("filter_kubernetes_out_merge_log_json.out");

        assertThat(envelope.lineText()).isEqualTo("{\"text\":\"Simple text\"}");
        assertThat(envelope.pod().namespace()).isEqualTo("options");
        assertThat(envelope.pod().pod()).isEqualTo("merge-log-enabled");
        assertThat(envelope.pod().container()).isEqualTo("json");
        assertThat(envelope.pod().labels().isEmpty()).isTrue();
        assertThat(envelope.pod().podIp()).isNull();
    }

    @Test
    void namespaceMetadataIsSkipped() {
        Envelope envelope = onlyLineOf("filter_kubernetes_out_with_namespace_labels.out");

        assertThat(envelope.pod().pod()).isEqualTo("base-with-namespace-labels-and-annotations");
        assertThat(envelope.pod().labels().asMap())
                .containsExactly(Map.entry("app.kubernetes.io/name", "fluent-bit"));
        assertThat(envelope.pod().node()).isEqualTo(NODE);
        assertThat(envelope.lineText()).isEqualTo("Fluent Bit is logging");
    }

    @Test
    void theControllerOwnerReferenceIsKept() {
        Envelope envelope = onlyLineOf("filter_kubernetes_out_with_owner_references.out");

        assertThat(envelope.pod().owner()).isEqualTo(new OwnerRef("DaemonSet", "fluentbit-max"));
        assertThat(envelope.pod().pod()).isEqualTo("base-with-owner-references");
        assertThat(envelope.pod().podIp()).isEqualTo("100.116.192.42");
    }

    @Test
    void aPlainDockerRecordHasItsTimeAndNoPod() {
        Envelope envelope = onlyLineOf("filter_kubernetes_in_core_base.log");

        assertThat(envelope.lineText()).isEqualTo("Fluent Bit is logging");
        assertThat(envelope.loggedAt()).isEqualTo(Instant.parse("2019-04-01T17:58:33.598656444Z"));
        assertThat(envelope.stream()).isEqualTo("stdout");
        assertThat(envelope.pod()).isNull();
    }

    @Test
    void anEnvoyLineInsideARecordComesOutUnescaped() {
        Envelope envelope =
                decode(
                                "{\"log\":\""
                                        + ENVOY_LINE
                                        + "\\n\",\"stream\":\"stdout\",\"kubernetes\":{\"pod_name\":"
                                        + "\"reviews-v1-6584ddcf65-k78wz\",\"namespace_name\":\"default\","
                                        + "\"container_name\":\"istio-proxy\",\"labels\":{\"app\":\"reviews\","
                                        + "\"security.istio.io/tlsMode\":\"istio\"},\"ownerReferences\":[{\"kind\":"
                                        + "\"Node\",\"name\":\"n1\"},{\"kind\":\"ReplicaSet\",\"name\":"
                                        + "\"reviews-v1-6584ddcf65\",\"controller\":true}]}}")
                        .value();

        assertThat(envelope.lineText())
                .isEqualTo(
                        "[2022-07-22T12:24:09.217Z] \"GET /reviews/0 HTTP/1.1\" 200 - via_upstream");
        assertThat(envelope.pod().labels().carriesIstioSidecar()).isTrue();
        assertThat(envelope.pod().owner())
                .as("the controller wins over the first reference")
                .isEqualTo(new OwnerRef("ReplicaSet", "reviews-v1-6584ddcf65"));
    }

    @Test
    void readsFluentBitTwoMetadataForm() {
        Envelope envelope =
                decode("[[1554141513.598656,{\"otlp\":{}}],{\"log\":\"x\",\"stream\":\"stderr\"}]")
                        .value();

        assertThat(envelope.loggedAt()).isEqualTo(FLUENT_BIT_EVENT_TIME);
        assertThat(envelope.stream()).isEqualTo("stderr");
        assertThat(envelope.lineText()).isEqualTo("x");
    }

    @Test
    void theArrayTimeWinsOverAMergedTimeKey() {
        Envelope envelope =
                decode("[1554141513,{\"log\":\"x\",\"time\":\"2001-01-01T00:00:00Z\"}]").value();

        assertThat(envelope.loggedAt()).isEqualTo(Instant.ofEpochSecond(1554141513));
    }

    @Test
    void anUnreadableTimeKeyIsNoTime() {
        assertThat(decode("{\"log\":\"x\",\"time\":\"yesterday\"}").value().loggedAt()).isNull();
        assertThat(decode("{\"log\":\"x\",\"time\":17}").value().loggedAt()).isNull();
    }

    @Test
    void messageStandsInForLogAsTheStockCriParserNamesIt() {
        Envelope envelope =
                decode(
                                "{\"time\":\"2019-04-01T17:58:33Z\",\"stream\":\"stdout\",\"logtag\":\"F\","
                                        + "\"message\":\"from cri\"}")
                        .value();

        assertThat(envelope.lineText()).isEqualTo("from cri");
        assertThat(decode("{\"message\":\"app\",\"log\":\"envoy\"}").value().lineText())
                .isEqualTo("envoy");
        assertThat(decode("{\"message\":{\"nested\":1},\"log\":\"envoy\"}").value().lineText())
                .isEqualTo("envoy");
    }

    @Test
    void missingLogIsMissingField() {
        DeadLetter deadLetter = deadLetter("{\"stream\":\"stdout\",\"kubernetes\":{}}");

        assertThat(deadLetter.reason()).isEqualTo(DeadLetterReason.MISSING_FIELD);
        assertThat(deadLetter.detail()).startsWith("no \"log\" field");
        assertThat(deadLetter("{\"log\":null}").reason()).isEqualTo(DeadLetterReason.MISSING_FIELD);
    }

    @Test
    void blankLogIsEmpty() {
        assertThat(deadLetter("{\"log\":\"\\n\"}").reason()).isEqualTo(DeadLetterReason.EMPTY);
        assertThat(deadLetter("{\"log\":\"\"}").detail()).isEqualTo("\"log\" is blank");
        assertThat(deadLetter("  ").detail()).isEqualTo("blank line");
    }

    @Test
    void aPartialCriPieceIsUnsupported() {
        DeadLetter deadLetter =
                deadLetter("{\"logtag\":\"P\",\"log\":\"[2022-07-22T12:24:09.217Z]\"}");

        assertThat(deadLetter.reason()).isEqualTo(DeadLetterReason.UNSUPPORTED_FORMAT);
        assertThat(deadLetter.detail()).contains("multiline.parser cri");
    }

    /** multiline.parser cri joins the pieces, but flushes one alone when the rest is late. */
    @Test
    void aPieceMultilineCriSentAloneIsUnsupported() {
        DeadLetter deadLetter = deadLetter("{\"_p\":\"P\",\"log\":\"[2022-07-22T12:24:09.217Z]\"}");

        assertThat(deadLetter.reason()).isEqualTo(DeadLetterReason.UNSUPPORTED_FORMAT);
        assertThat(deadLetter.detail()).startsWith("partial line (_p P)");
    }

    @Test
    void aWholeLineOfMultilineCriIsRead() {
        Decoded<Envelope> decoded = decode("{\"_p\":\"F\",\"log\":\"GET / 200\"}");

        assertThat(new String(decoded.value().line(), StandardCharsets.UTF_8))
                .isEqualTo("GET / 200");
    }

    @Test
    void wrongTypesAreInvalidFields() {
        assertThat(deadLetter("{\"log\":42}").detail())
                .isEqualTo("\"log\" must be a string, was a number");
        assertThat(deadLetter("{\"log\":\"x\",\"kubernetes\":\"core\"}").detail())
                .isEqualTo("\"kubernetes\" must be an object, was a string");
        assertThat(deadLetter("{\"log\":\"x\",\"kubernetes\":{\"labels\":[\"a=b\"]}}").detail())
                .isEqualTo("kubernetes.labels must be an object, was an array");
        assertThat(deadLetter("{\"log\":\"x\",\"kubernetes\":{\"labels\":{\"app\":1}}}").detail())
                .isEqualTo("kubernetes.labels.app must be a string, was a number");
        assertThat(deadLetter("{\"log\":\"x\",\"kubernetes\":{\"pod_name\":{}}}").detail())
                .isEqualTo("kubernetes.pod_name must be a string, was an object");
        assertThat(deadLetter("{\"log\":\"x\",\"kubernetes\":{\"ownerReferences\":{}}}").reason())
                .isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(deadLetter("{\"log\":\"x\",\"kubernetes\":{\"ownerReferences\":[1]}}").detail())
                .isEqualTo("kubernetes.ownerReferences entries must be objects, was a number");
        assertThat(deadLetter("[\"now\",{\"log\":\"x\"}]").detail())
                .isEqualTo(
                        "the Fluent Bit timestamp must be a number of epoch seconds, was a string");
        assertThat(deadLetter("[1554141513,\"x\"]").detail())
                .startsWith(
                        "the second element of a Fluent Bit [time, record] array must be an object");
        assertThat(deadLetter("[1e300,{\"log\":\"x\"}]").reason())
                .isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(deadLetter("\"just a string\"").reason())
                .isEqualTo(DeadLetterReason.UNKNOWN_FORMAT);
    }

    @Test
    void absentMarkersAndOddStreamsBecomeNull() {
        Envelope envelope =
                decode(
                                "{\"log\":\"x\",\"stream\":\"tty\",\"kubernetes\":{\"pod_ip\":\"-\",\"host\":\"\","
                                        + "\"pod_name\":null,\"namespace_name\":\"shop\"}}")
                        .value();

        assertThat(envelope.stream()).isNull();
        assertThat(envelope.pod().podIp()).isNull();
        assertThat(envelope.pod().node()).isNull();
        assertThat(envelope.pod().pod()).isNull();
        assertThat(envelope.pod().namespace()).isEqualTo("shop");
        assertThat(decode("{\"log\":\"x\",\"kubernetes\":{\"docker_id\":\"abc\"}}").value().pod())
                .as("nothing Tandem uses")
                .isNull();
    }

    @Test
    void labelValuesWithQuotesNewlinesAndYamlSpecialsArriveVerbatim() {
        Envelope envelope =
                decode(
                                "{\"log\":\"x\",\"kubernetes\":{\"labels\":{\"quote\":\"say \\\"hi\\\"\","
                                        + "\"newline\":\"a\\nb\",\"yaml\":\"&anchor *ref: - ? |\","
                                        + "\"unicode\":\"caf\\u00e9 \\ud83d\\ude80\"}}}")
                        .value();

        assertThat(envelope.pod().labels().asMap())
                .containsExactly(
                        Map.entry("newline", "a\nb"),
                        Map.entry("quote", "say \"hi\""),
                        Map.entry("unicode", "café 🚀"),
                        Map.entry("yaml", "&anchor *ref: - ? |"));
    }

    @Test
    void nonAsciiLinesAreEncodedAsUtf8() {
        Envelope envelope =
                decode("{\"log\":\"GET /caf\\u00e9 \\ud83d\\ude80 \\ud800 ok\\r\\n\"}").value();

        assertThat(envelope.line()).isEqualTo("GET /café 🚀 ? ok".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void duplicateKeysLastOneWins() {
        Envelope envelope = decode("{\"log\":\"first\",\"log\":\"second\"}").value();

        assertThat(envelope.lineText()).isEqualTo("second");
    }

    @Test
    void tooManyLabelsIsInvalid() {
        StringBuilder json = new StringBuilder("{\"log\":\"x\",\"kubernetes\":{\"labels\":{");
        for (int i = 0; i < 300; i++) {
            json.append(i == 0 ? "" : ",").append("\"l").append(i).append("\":\"v\"");
        }
        json.append("}}}");

        assertThat(deadLetter(json.toString()).detail())
                .isEqualTo("kubernetes.labels has more than 256 entries");
    }

    @Test
    void truncatedAndMalformedJsonIsMalformed() {
        String whole = SampleLines.firstAsText("fluent-bit/filter_kubernetes_out_core_base.out");
        for (int cut : new int[] {1, 20, whole.length() / 2, whole.length() - 1}) {
            DeadLetter deadLetter = deadLetter(whole.substring(0, cut));
            assertThat(deadLetter.reason())
                    .as("cut at %d", cut)
                    .isEqualTo(DeadLetterReason.MALFORMED_JSON);
            assertThat(deadLetter.detail()).as("cut at %d", cut).isNotBlank().doesNotContain("\n");
        }
        assertThat(deadLetter("{\"log\":\"x\"} {\"log\":\"y\"}").detail())
                .isEqualTo("unexpected content after the record");
        assertThat(deadLetter("{log: x}").reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
    }

    @Test
    void deepNestingIsRefused() {
        String deep = "{\"log\":\"x\",\"extra\":" + "[".repeat(100) + "]".repeat(100) + "}";

        DeadLetter deadLetter = deadLetter(deep);

        assertThat(deadLetter.reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
        assertThat(deadLetter.detail()).contains("limit");
    }

    @Test
    void invalidUtf8IsBadEncoding() {
        byte[] json = "{\"log\":\"GET /xx\"}".getBytes(StandardCharsets.UTF_8);
        json[13] = (byte) 0xC3;
        json[14] = (byte) 0x28;

        DeadLetter deadLetter = decoder.decode(json, 5).deadLetter();

        assertThat(deadLetter.reason()).isEqualTo(DeadLetterReason.BAD_ENCODING);
        assertThat(deadLetter.original()).isEqualTo(json);
        assertThat(deadLetter.position()).isEqualTo(5);
        assertThat(deadLetter.source()).isEqualTo("fluent-bit");
    }

    @Test
    void aTenMegabyteRecordIsTooLarge() {
        byte[] huge = new byte[10 * 1024 * 1024];
        Arrays.fill(huge, (byte) ' ');

        assertThat(decoder.decode(huge, 1).deadLetter().reason())
                .isEqualTo(DeadLetterReason.TOO_LARGE);
    }
}
