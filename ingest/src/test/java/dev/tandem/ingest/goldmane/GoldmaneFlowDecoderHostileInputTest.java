package dev.tandem.ingest.goldmane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowEndpointType;
import dev.tandem.ingest.model.FlowReporter;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.PolicyHit;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Broken and hostile Goldmane flows: always a record or a dead letter naming the problem. */
class GoldmaneFlowDecoderHostileInputTest {
    private static final String KEY_START =
            "{\"Key\":{\"source_name\":\"frontend-*\",\"dest_name\":\"backend-*\",\"action\":1";

    private final GoldmaneFlowDecoder decoder = new GoldmaneFlowDecoder();

    @Test
    void minimalFlowDecodes() {
        KernelFlow flow = ok(KEY_START + "}}");

        assertThat(flow.action()).isEqualTo(FlowAction.ALLOW);
        assertThat(flow.start()).isNull();
        assertThat(flow.reporters()).isEmpty();
        assertThat(flow.destinationPort()).isNull();
        assertThat(flow.counters().numFlows()).isZero();
    }

    @Test
    void truncatedFlowIsMalformedJson() {
        failed(KEY_START + ",\"proto\":\"tc", DeadLetterReason.MALFORMED_JSON);
    }

    @ParameterizedTest(name = "action {0}")
    @CsvSource(
            delimiter = ';',
            value = {"0", "\"ActionUnspecified\"", "\"ACTION_UNSPECIFIED\"", "null", "\"\""})
    void unspecifiedActionIsAMissingField(String action) {
        DeadLetter letter =
                failed(
                        "{\"Key\":{\"source_name\":\"a-*\",\"action\":" + action + "}}",
                        DeadLetterReason.MISSING_FIELD);
        assertThat(letter.detail()).contains("'Key.action'");
    }

    @Test
    void aFlowWithoutAKeyIsAMissingField() {
        failed("{\"start_time\":1763632800,\"bytes_in\":5}", DeadLetterReason.MISSING_FIELD);
    }

    @Test
    void aFlowWithoutEndpointNamesIsAMissingField() {
        DeadLetter letter =
                failed(
                        "{\"Key\":{\"action\":\"Deny\",\"source_namespace\":\"shop\"}}",
                        DeadLetterReason.MISSING_FIELD);
        assertThat(letter.detail()).contains("neither endpoint");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "Key.action; \"Pass\"",
                "Key.action; 3",
                "Key.action; 7",
                "Key.action; \"Permit\"",
                "Key.reporter; \"Fwd\"",
                "Key.reporter; 9",
                "Key.source_type; \"Pod\"",
                "Key.dest_type; 5",
                "Key.dest_port; \"abc\"",
                "Key.dest_port; 65536",
                "Key.dest_service_port; -1",
                "Key.proto; {}",
                "Key.source_name; 42",
                "Key.policies; \"allow-all\"",
                "Key.policies.enforced_policies; {}",
                "Key.policies.pending_policies[0]; [\"0|default|x|allow|0\"]",
            })
    void aKeyFieldOfTheWrongTypeOrValueIsInvalidAndNamedWithItsPath(String path, String value) {
        String field = path.substring("Key.".length());
        String json;
        if (field.startsWith("policies.")) {
            String list = field.substring("policies.".length()).replace("[0]", "");
            json = KEY_START + ",\"policies\":{\"" + list + "\":" + value + "}}}";
        } else {
            // The bad value comes after the good action so that it overrides or adds to it.
            json = KEY_START + ",\"" + field + "\":" + value + "}}";
        }
        DeadLetter letter = failed(json, DeadLetterReason.INVALID_FIELD);
        assertThat(letter.detail()).contains("'" + path + "'");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "start_time; \"tomorrow\"",
                "end_time; true",
                "bytes_in; \"-5\"",
                "bytes_out; 1.25",
                "packetsIn; \"12abc\"",
                "num_connections_live; 123456789012345678901234567890",
                "source_labels; 3",
                "destLabels; [{\"app\":\"x\"}]",
                "Key; [1]",
                "flow; \"x\"",
            })
    void aFlowFieldOfTheWrongTypeOrValueIsInvalidAndNamed(String field, String value) {
        DeadLetter letter =
                failed(
                        KEY_START + "},\"" + field + "\":" + value + "}",
                        DeadLetterReason.INVALID_FIELD);
        assertThat(letter.detail()).contains("'" + field);
    }

    @Test
    void anEndOfTierHitWithoutATriggerIsInvalid() {
        DeadLetter letter =
                failed(
                        KEY_START
                                + ",\"policies\":{\"enforced_policies\":[{\"kind\":\"EndOfTier\","
                                + "\"tier\":\"default\",\"action\":\"Deny\",\"rule_index\":-1}]}}}",
                        DeadLetterReason.INVALID_FIELD);
        assertThat(letter.detail()).contains("Key.policies.enforced_policies[0].trigger");
    }

    @Test
    void aPolicyHitWithoutANameIsInvalid() {
        DeadLetter letter =
                failed(
                        KEY_START
                                + ",\"policies\":{\"pending_policies\":[{\"kind\":1,\"name\":\"ok\"},"
                                + "{\"kind\":1,\"tier\":\"default\"}]}}}",
                        DeadLetterReason.INVALID_FIELD);
        assertThat(letter.detail()).contains("Key.policies.pending_policies[1].name");
    }

    @Test
    void aPolicyKindFromANewerCalicoStillNamesThePolicy() {
        KernelFlow flow =
                ok(
                        KEY_START
                                + ",\"policies\":{\"enforced_policies\":[{\"kind\":42,"
                                + "\"namespace\":\"shop\",\"name\":\"future\",\"tier\":\"t\",\"action\":\"Allow\"}]}}}");
        assertThat(flow.policies().enforced())
                .containsExactly(new PolicyHit(0, "t", "shop/future", "allow", 0, false));
    }

    @Test
    void everyPolicyKindIsNamedTheWayCalicoNamesIt() {
        String hits =
                "{\"kind\":\"CalicoNetworkPolicy\",\"namespace\":\"ns\",\"name\":\"p\",\"tier\":\"t\"},"
                        + "{\"kind\":\"GlobalNetworkPolicy\",\"name\":\"g\",\"tier\":\"t\"},"
                        + "{\"kind\":\"StagedNetworkPolicy\",\"namespace\":\"ns\",\"name\":\"s\",\"tier\":\"t\"},"
                        + "{\"kind\":\"StagedGlobalNetworkPolicy\",\"name\":\"sg\",\"tier\":\"t\"},"
                        + "{\"kind\":\"StagedKubernetesNetworkPolicy\",\"namespace\":\"ns\",\"name\":\"sk\"},"
                        + "{\"kind\":\"NetworkPolicy\",\"namespace\":\"ns\",\"name\":\"k\"},"
                        + "{\"kind\":\"ClusterNetworkPolicyAdminTier\",\"name\":\"a\"},"
                        + "{\"kind\":\"BaselineAdminNetworkPolicy\",\"name\":\"b\"},"
                        + "{\"kind\":\"Profile\",\"name\":\"kns.ns\",\"tier\":\"ignored\"}";

        KernelFlow flow = ok(KEY_START + ",\"policies\":{\"enforced_policies\":[" + hits + "]}}}");

        assertThat(flow.policies().enforced())
                .extracting(PolicyHit::name)
                .containsExactly(
                        "ns/p",
                        "g",
                        "ns/t.staged:s",
                        "t.staged:sg",
                        "ns/staged:knp.default.sk",
                        "ns/knp.default.k",
                        "kanp.adminnetworkpolicy.a",
                        "kbanp.baselineadminnetworkpolicy.b",
                        "__PROFILE__.kns.ns");
        assertThat(flow.policies().enforced())
                .extracting(PolicyHit::staged)
                .containsExactly(false, false, true, true, true, false, false, false, false);
        assertThat(flow.policies().enforced().get(8).tier()).isEqualTo("__PROFILE__");
        // No action on a hit (ActionUnspecified) stays null rather than inventing one.
        assertThat(flow.policies().enforced().get(0).action()).isNull();
    }

    @ParameterizedTest(name = "start_time {0}")
    @CsvSource(
            delimiter = ';',
            value = {
                "1763632800; 2025-11-20T10:00:00Z",
                "\"1763632800\"; 2025-11-20T10:00:00Z",
                "1763632800000; 2025-11-20T10:00:00Z",
                "\"2025-11-20T10:00:00Z\"; 2025-11-20T10:00:00Z",
                "\"2025-11-20T11:00:00+01:00\"; 2025-11-20T10:00:00Z",
            })
    void everyTimestampFormIsRead(String json, String expected) {
        KernelFlow flow = ok(KEY_START + "},\"startTime\":" + json + "}");
        assertThat(flow.start()).isEqualTo(Instant.parse(expected));
    }

    @Test
    void zeroTimesAreUnsetInProto3AndReadAsNull() {
        KernelFlow flow = ok(KEY_START + "},\"start_time\":0,\"end_time\":\"0\"}");
        assertThat(flow.start()).isNull();
        assertThat(flow.end()).isNull();
    }

    @Test
    void zeroPortsAreUnset() {
        KernelFlow flow =
                ok(KEY_START + ",\"dest_port\":0,\"dest_service_port\":\"0\",\"proto\":\"ICMP\"}}");
        assertThat(flow.destinationPort()).isNull();
        assertThat(flow.destinationService()).isNull();
        assertThat(flow.protocol()).isEqualTo("icmp");
    }

    @Test
    void aTenMegabyteFlowIsTooLarge() {
        byte[] huge = new byte[10 * 1024 * 1024];
        Arrays.fill(huge, (byte) '[');

        DeadLetter letter = decoder.decode(huge, 1).deadLetter();

        assertThat(letter.reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
        assertThat(letter.source()).isEqualTo("goldmane");
    }

    @Test
    void invalidUtf8InANameIsABadEncoding() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(
                "{\"Key\":{\"action\":1,\"source_name\":\"".getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[] {(byte) 0xE2, (byte) 0x82}); // a truncated 3-byte sequence
        out.writeBytes("\"}}".getBytes(StandardCharsets.UTF_8));
        byte[] bytes = out.toByteArray();

        DeadLetter letter = decoder.decode(bytes, 1).deadLetter();

        assertThat(letter.reason()).isEqualTo(DeadLetterReason.BAD_ENCODING);
        assertThat(letter.original()).isEqualTo(bytes);
    }

    @Test
    void deeplyNestedTriggersHitTheDepthLimit() {
        String trigger =
                "{\"kind\":10,\"trigger\":".repeat(40) + "{\"name\":\"x\"}" + "}".repeat(40);
        DeadLetter letter =
                failed(
                        KEY_START + ",\"policies\":{\"enforced_policies\":[" + trigger + "]}}}",
                        DeadLetterReason.MALFORMED_JSON);
        assertThat(letter.detail()).contains("nesting depth");
    }

    @Test
    void labelValuesWithQuotesNewlinesAndYamlSpecialsArriveExactly() {
        KernelFlow flow =
                ok(
                        KEY_START
                                + "},\"source_labels\":[\"q=\\\"quoted\\\"\",\"nl=a\\nb\","
                                + "\"yaml=- &anchor *alias {x: [y]} # c\",\"colon=a: b\",\"tab=\\t\"]}");
        assertThat(flow.source().labels().asMap())
                .containsExactly(
                        Map.entry("colon", "a: b"),
                        Map.entry("nl", "a\nb"),
                        Map.entry("q", "\"quoted\""),
                        Map.entry("tab", "\t"),
                        Map.entry("yaml", "- &anchor *alias {x: [y]} # c"));
    }

    @Test
    void camelCaseEnumNamesAndStringInt64sInAMinimalFlow() {
        KernelFlow flow =
                ok(
                        "{\"key\":{\"sourceName\":\"web-*\",\"sourceType\":\"HostEndpoint\","
                                + "\"destType\":\"NetworkSet\",\"destName\":\"partners\",\"destPort\":\"443\","
                                + "\"reporter\":\"Src\",\"action\":\"Deny\"},\"bytesOut\":\"9007199254740993\"}");
        assertThat(flow.source().type()).isEqualTo(FlowEndpointType.HEP);
        assertThat(flow.destination().type()).isEqualTo(FlowEndpointType.NS);
        assertThat(flow.destinationPort()).isEqualTo(443);
        assertThat(flow.reporters()).containsExactly(FlowReporter.SRC);
        assertThat(flow.action()).isEqualTo(FlowAction.DENY);
        // Above 2^53: a double would have rounded it; int64 as a string keeps every digit.
        assertThat(flow.counters().bytesOut()).isEqualTo(9_007_199_254_740_993L);
    }

    @Test
    void unknownFieldsAreSkippedAtEveryLevel() {
        KernelFlow flow =
                ok(
                        "{\"future\":[{\"a\":1}],\"Key\":{\"new_field\":{\"x\":[]},\"source_name\":\"a-*\","
                                + "\"action\":\"Allow\",\"policies\":{\"newList\":[1],\"enforced_policies\":"
                                + "[{\"kind\":1,\"name\":\"p\",\"namespace\":\"n\",\"extra\":{}}]}},\"bytes_in\":3}");
        assertThat(flow.counters().bytesIn()).isEqualTo(3);
        assertThat(flow.policies().enforced()).extracting(PolicyHit::name).containsExactly("n/p");
    }

    @Test
    void aDuplicatedFieldKeepsTheLastValue() {
        KernelFlow flow = ok(KEY_START + ",\"action\":\"Deny\"},\"bytes_in\":1,\"bytes_in\":2}");
        assertThat(flow.action()).isEqualTo(FlowAction.DENY);
        assertThat(flow.counters().bytesIn()).isEqualTo(2);
    }

    @Test
    void topLevelArrayIsNotAFlow() {
        DeadLetter letter = failed("[" + KEY_START + "}}]", DeadLetterReason.INVALID_FIELD);
        assertThat(letter.detail()).contains("expected a JSON object");
    }

    private KernelFlow ok(String json) {
        Decoded<KernelFlow> result = decoder.decode(json.getBytes(StandardCharsets.UTF_8), 1);
        assertThat(result.isOk()).as("decoded %s", result).isTrue();
        return result.value();
    }

    private DeadLetter failed(String json, DeadLetterReason reason) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        Decoded<KernelFlow> result = decoder.decode(bytes, 11);
        assertThat(result.isOk()).as("expected a dead letter for %s", json).isFalse();
        DeadLetter letter = result.deadLetter();
        assertThat(letter.reason()).as(letter.detail()).isEqualTo(reason);
        assertThat(letter.detail()).isNotBlank().doesNotContain("\n");
        assertThat(letter.original()).isEqualTo(bytes);
        assertThat(letter.source()).isEqualTo("goldmane");
        assertThat(letter.position()).isEqualTo(11);
        return letter;
    }
}
