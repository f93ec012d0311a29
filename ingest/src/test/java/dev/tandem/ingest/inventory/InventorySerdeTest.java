package dev.tandem.ingest.inventory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.decode.DecoderLimits;
import dev.tandem.ingest.model.InventorySnapshot;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.NamespaceRecord;
import dev.tandem.ingest.model.OwnerRef;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.ingest.model.ServicePort;
import dev.tandem.ingest.model.ServiceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventorySerdeTest {
    private static final String SOURCE = "tandem.inventory-0";
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void everyItemOfTheBookinfoListSurvivesTheRoundTripUnchanged() {
        InventorySnapshot snapshot =
                InventoryInputs.decode(InventoryInputs.bookinfo()).value().snapshot();
        List<InventoryItem> items = InventoryItem.allOf(snapshot);
        assertThat(items).hasSize(20);

        for (InventoryItem item : items) {
            InventoryMessage message = roundTrip(item);
            assertThat(message.isTombstone()).isFalse();
            assertThat(message.key()).isEqualTo(item.key());
            assertThat(message.item()).as(item.key().toString()).isEqualTo(item);
        }
    }

    @Test
    void aTerminatedPodKeepsItsValidityAndAHostNetworkPodItsFlags() {
        PodRecord pod =
                new PodRecord(
                        "bookinfo",
                        "reviews-v1-abc",
                        "uid-1",
                        List.of("10.244.2.6", "fd00::6"),
                        T0,
                        T0.plusSeconds(3600),
                        Labels.of(Map.of("app", "reviews", "security.istio.io/tlsMode", "istio")),
                        "bookinfo-reviews",
                        new OwnerRef("ReplicaSet", "reviews-v1-5fd6d4f8f8"),
                        "reviews-v1",
                        "node-a",
                        true,
                        true,
                        "Running");

        String json = text(InventorySerde.serializeValue(new InventoryItem.Pod(pod)));

        assertThat(json)
                .startsWith("{\"namespace\":\"bookinfo\",\"name\":\"reviews-v1-abc\"")
                .contains("\"validFrom\":\"2026-11-20T10:00:00Z\"")
                .contains("\"validUntil\":\"2026-11-20T11:00:00Z\"")
                .contains(
                        "\"labels\":{\"app\":\"reviews\",\"security.istio.io/tlsMode\":\"istio\"}")
                .contains("\"owner\":{\"kind\":\"ReplicaSet\",\"name\":\"reviews-v1-5fd6d4f8f8\"}")
                .contains("\"hostNetwork\":true");
        PodRecord back =
                ((InventoryItem.Pod) roundTrip(new InventoryItem.Pod(pod)).item()).record();
        assertThat(back).isEqualTo(pod);
        assertThat(back.heldIpAt("10.244.2.6", T0.plusSeconds(3599))).isTrue();
        assertThat(back.heldIpAt("10.244.2.6", T0.plusSeconds(3600))).isFalse();
    }

    @Test
    void absentFieldsAreLeftOutAndReadBackAsAbsent() {
        PodRecord pending =
                new PodRecord(
                        "shop", "cart-0", null, null, null, null, null, null, null, "cart-0", null,
                        false, false, null);

        String json = text(InventorySerde.serializeValue(new InventoryItem.Pod(pending)));

        assertThat(json).doesNotContain("uid", "validFrom", "validUntil", "owner", "phase");
        assertThat(((InventoryItem.Pod) roundTrip(new InventoryItem.Pod(pending)).item()).record())
                .isEqualTo(pending);
    }

    @Test
    void labelValuesWithQuotesNewlinesAndYamlSpecialsRoundTrip() {
        Labels hostile =
                Labels.of(
                        Map.of(
                                "quote", "say \"hi\"",
                                "newline", "a\nb",
                                "yaml", "- &anchor *ref: {x}",
                                "unicode", "caf\u00e9 \u2603",
                                "empty", ""));
        NamespaceRecord namespace = new NamespaceRecord("odd", hostile);

        InventoryMessage back = roundTrip(new InventoryItem.Namespace(namespace));

        assertThat(((InventoryItem.Namespace) back.item()).record().labels()).isEqualTo(hostile);
    }

    @Test
    void servicesKeepPortsSelectorAndClusterIps() {
        ServiceRecord service =
                new ServiceRecord(
                        "bookinfo",
                        "reviews",
                        List.of("10.96.0.12", "fd00::12"),
                        Labels.of(Map.of("app", "reviews")),
                        List.of(
                                new ServicePort("http", 9080, "TCP", "9080"),
                                new ServicePort("grpc", 9090, "TCP", "grpc-port")));

        InventoryMessage back = roundTrip(new InventoryItem.Service(service));

        assertThat(back.key().toString()).isEqualTo("service/bookinfo/reviews");
        assertThat(((InventoryItem.Service) back.item()).record()).isEqualTo(service);
    }

    @Test
    void keysSpellKindNamespaceAndName() {
        assertThat(InventoryKey.pod("bookinfo", "reviews-v1-abc").toString())
                .isEqualTo("pod/bookinfo/reviews-v1-abc");
        assertThat(InventoryKey.namespace("bookinfo").toString()).isEqualTo("namespace//bookinfo");
        assertThat(InventoryKey.parse("namespace//bookinfo"))
                .isEqualTo(InventoryKey.namespace("bookinfo"));
        assertThat(InventoryKey.parse("service/default/kubernetes"))
                .isEqualTo(InventoryKey.service("default", "kubernetes"));
    }

    @Test
    void malformedKeysAreRefusedWithTheReason() {
        assertThatThrownBy(() -> InventoryKey.parse("pod/bookinfo"))
                .hasMessageContaining("is not <kind>/<namespace>/<name>");
        assertThatThrownBy(() -> InventoryKey.parse("deployment/bookinfo/reviews"))
                .hasMessageContaining("unknown kind 'deployment'");
        assertThatThrownBy(() -> InventoryKey.parse("pod//reviews"))
                .hasMessageContaining("needs a namespace");
        assertThatThrownBy(() -> InventoryKey.parse("namespace/default/bookinfo"))
                .hasMessageContaining("has no namespace");
        assertThatThrownBy(() -> InventoryKey.parse("pod/bookinfo/"))
                .hasMessageContaining("illegal object name");
    }

    @Test
    void aMessageWithoutValueIsATombstone() {
        Decoded<InventoryMessage> message =
                InventorySerde.deserialize(bytes("pod/bookinfo/reviews-v1-abc"), null, SOURCE, 7);

        assertThat(message.isOk()).isTrue();
        assertThat(message.value().isTombstone()).isTrue();
        assertThat(message.value().key()).isEqualTo(InventoryKey.pod("bookinfo", "reviews-v1-abc"));
    }

    @Test
    void unknownFieldsFromANewerWriterAreIgnored() {
        Decoded<InventoryMessage> message =
                InventorySerde.deserialize(
                        bytes("namespace//shop"),
                        bytes("{\"name\":\"shop\",\"labels\":{\"a\":\"1\"},\"addedLater\":[1,2]}"),
                        SOURCE,
                        1);

        assertThat(message.isOk()).isTrue();
        assertThat(((InventoryItem.Namespace) message.value().item()).record().labels().get("a"))
                .isEqualTo("1");
    }

    @Test
    void brokenMessagesBecomeDeadLettersWithTheirOffsetAndBytes() {
        assertDeadLetter(null, bytes("{}"), DeadLetterReason.MISSING_FIELD, "no key");
        assertDeadLetter(
                bytes("replicaset/shop/cart"),
                bytes("{}"),
                DeadLetterReason.INVALID_FIELD,
                "unknown kind 'replicaset'");
        assertDeadLetter(
                bytes("namespace//shop"),
                bytes("{\"name\":\"shop\""),
                DeadLetterReason.MALFORMED_JSON,
                "end-of-input");
        assertDeadLetter(
                bytes("namespace//shop"),
                bytes("{\"name\":\"other\"}"),
                DeadLetterReason.INVALID_FIELD,
                "does not match the value, which is namespace//other");
        assertDeadLetter(
                bytes("namespace//shop"),
                bytes("{\"name\":\"shop\",\"labels\":{\"a\":1}}"),
                DeadLetterReason.INVALID_FIELD,
                "label a must be a string");
        assertDeadLetter(
                bytes("namespace//shop"),
                bytes("{\"name\":\"shop\",\"labels\":[\"a=1\"]}"),
                DeadLetterReason.INVALID_FIELD,
                "not a namespace record");
        assertDeadLetter(
                bytes("pod/shop/cart-0"),
                bytes("{\"namespace\":\"shop\",\"name\":\"cart-0\"}"),
                DeadLetterReason.MISSING_FIELD,
                "workload");
        assertDeadLetter(
                bytes("pod/shop/cart-0"),
                bytes(
                        "{\"namespace\":\"shop\",\"name\":\"cart-0\",\"workload\":\"cart\",\"validFrom\":\"yesterday\"}"),
                DeadLetterReason.INVALID_FIELD,
                "not a pod record");
        assertDeadLetter(
                bytes("pod/shop/cart-0"),
                bytes("null"),
                DeadLetterReason.MISSING_FIELD,
                "value is JSON null");
        assertDeadLetter(
                bytes("namespace//shop"),
                new byte[] {'{', '"', 'n', (byte) 0xC3, (byte) 0x28, '"', ':', '1', '}'},
                DeadLetterReason.BAD_ENCODING,
                "Invalid UTF-8");
    }

    @Test
    void aValueOverTheRecordLimitIsRefusedBeforeItIsParsed() {
        byte[] huge = new byte[DecoderLimits.MAX_RECORD_BYTES + 1];
        Arrays.fill(huge, (byte) ' ');

        assertDeadLetter(bytes("namespace//shop"), huge, DeadLetterReason.TOO_LARGE, "exceeds the");
    }

    @Test
    void deeplyNestedValuesAreRefusedNotOverflowed() {
        String nested = "[".repeat(5000) + "]".repeat(5000);

        assertDeadLetter(
                bytes("namespace//shop"),
                bytes("{\"name\":\"shop\",\"extra\":" + nested + "}"),
                DeadLetterReason.MALFORMED_JSON,
                "");
    }

    private static void assertDeadLetter(
            byte[] key, byte[] value, DeadLetterReason reason, String detail) {
        Decoded<InventoryMessage> result = InventorySerde.deserialize(key, value, SOURCE, 42);
        assertThat(result.isOk()).as("accepted %s", value == null ? null : text(value)).isFalse();
        assertThat(result.deadLetter().reason()).isEqualTo(reason);
        assertThat(result.deadLetter().detail()).isNotBlank().contains(detail);
        assertThat(result.deadLetter().position()).isEqualTo(42);
        assertThat(result.deadLetter().source()).isEqualTo(SOURCE);
        assertThat(result.deadLetter().original()).isEqualTo(value);
    }

    private static InventoryMessage roundTrip(InventoryItem item) {
        Decoded<InventoryMessage> back =
                InventorySerde.deserialize(
                        InventorySerde.serializeKey(item.key()),
                        InventorySerde.serializeValue(item),
                        SOURCE,
                        0);
        assertThat(back.isOk()).as(() -> String.valueOf(back)).isTrue();
        return back.value();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
