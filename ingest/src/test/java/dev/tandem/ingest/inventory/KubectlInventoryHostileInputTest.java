package dev.tandem.ingest.inventory;

import static dev.tandem.ingest.inventory.InventoryInputs.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.model.PodRecord;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Inputs built to break the inventory decoder: each must cost a clear dead letter, no more. */
class KubectlInventoryHostileInputTest {
    private static final String GOOD_POD =
            "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"good\",\"namespace\":"
                    + "\"shop\"},\"status\":{\"podIP\":\"10.1.0.9\"}}";

    private static String listOf(String... items) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":["
                + String.join(",", items)
                + "]}";
    }

    private static String pod(String metadataExtra, String specAndStatus) {
        return "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"bad\",\"namespace\":"
                + "\"shop\""
                + metadataExtra
                + "}"
                + specAndStatus
                + "}";
    }

    /** Decodes a list of one bad item between two good ones; returns the bad item's dead letter. */
    private static DeadLetter skippedBetweenGoodPods(String badItem) {
        InventoryDecodeResult result = decode(listOf(GOOD_POD, badItem, GOOD_POD)).value();
        assertThat(result.snapshot().pods())
                .extracting(PodRecord::name)
                .containsExactly("good", "good");
        assertThat(result.skippedCount()).isEqualTo(1);
        assertThat(result.complete()).isFalse();
        DeadLetter deadLetter = result.skipped().get(0);
        assertThat(deadLetter.source()).isEqualTo(InventoryInputs.SOURCE);
        assertThat(deadLetter.detail()).doesNotContain("\n");
        return deadLetter;
    }

    private static DeadLetter documentFailure(byte[] json) {
        DeadLetter deadLetter = decode(json).deadLetter();
        assertThat(deadLetter.detail()).isNotBlank().doesNotContain("\n");
        return deadLetter;
    }

    private static DeadLetter documentFailure(String json) {
        return documentFailure(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void wrongTypesSkipOnlyTheirItem() {
        DeadLetter hostNetwork =
                skippedBetweenGoodPods(pod("", ",\"spec\":{\"hostNetwork\":\"yes\"}"));
        assertThat(hostNetwork.reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(hostNetwork.detail())
                .isEqualTo(
                        "item 1 (Pod shop/bad): spec.hostNetwork must be true or false, was a string");
        assertThat(hostNetwork.originalText()).contains("\"hostNetwork\":\"yes\"");

        assertThat(skippedBetweenGoodPods(pod("", ",\"status\":{\"podIP\":10}")).detail())
                .endsWith("status.podIP must be a string, was a number");
        assertThat(skippedBetweenGoodPods(pod(",\"labels\":[\"app=web\"]", "")).detail())
                .endsWith("metadata.labels must be an object, was an array");
        assertThat(skippedBetweenGoodPods(pod(",\"labels\":{\"app\":true}", "")).detail())
                .endsWith("metadata.labels.\"app\" must be a string, was a boolean");
        assertThat(skippedBetweenGoodPods(pod("", ",\"spec\":{\"containers\":{}}")).detail())
                .endsWith("spec.containers must be an array, was an object");
        assertThat(skippedBetweenGoodPods(pod(",\"ownerReferences\":[\"rs\"]", "")).detail())
                .endsWith("metadata.ownerReferences[0] must be an object, was a string");
        assertThat(skippedBetweenGoodPods("[1,2]").detail())
                .isEqualTo("item 1 is an array, not an object");
    }

    @Test
    void missingNamesSkipTheirItem() {
        DeadLetter deadLetter =
                skippedBetweenGoodPods("{\"kind\":\"Pod\",\"metadata\":{\"namespace\":\"shop\"}}");

        assertThat(deadLetter.reason()).isEqualTo(DeadLetterReason.MISSING_FIELD);
        assertThat(deadLetter.detail()).isEqualTo("item 1 (Pod): metadata.name is missing");
        assertThat(skippedBetweenGoodPods("{\"metadata\":{\"name\":\"x\"}}").detail())
                .isEqualTo("item 1 has no kind, and its list does not imply one");
    }

    @Test
    void impossibleTimesAndPortsSkipTheirItem() {
        assertThat(skippedBetweenGoodPods(pod(",\"creationTimestamp\":\"yesterday\"", "")).detail())
                .startsWith(
                        "item 1 (Pod shop/bad): metadata.creationTimestamp: not an RFC 3339 timestamp");
        String service =
                "{\"kind\":\"Service\",\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\"},"
                        + "\"spec\":{\"ports\":[{\"port\":70000}]}}";
        assertThat(skippedBetweenGoodPods(service).detail())
                .isEqualTo(
                        "item 1 (Service shop/web): spec.ports[0].port must be a port number (1-65535), was 70000");
        String noPort = service.replace("{\"port\":70000}", "{\"name\":\"http\"}");
        assertThat(skippedBetweenGoodPods(noPort).reason())
                .isEqualTo(DeadLetterReason.MISSING_FIELD);
    }

    @Test
    void aTenMegabyteLabelValueSkipsItsItem() {
        String huge = "v".repeat(10 * 1024 * 1024);

        DeadLetter deadLetter =
                skippedBetweenGoodPods(pod(",\"labels\":{\"app\":\"" + huge + "\"}", ""));

        assertThat(deadLetter.reason()).isEqualTo(DeadLetterReason.INVALID_FIELD);
        assertThat(deadLetter.detail())
                .isEqualTo(
                        "item 1 (Pod shop/bad): metadata.labels.\"app\" has a value of 10485760"
                                + " characters; Kubernetes allows at most 63");
        assertThat(deadLetter.original()).hasSize(KubectlInventoryDecoder.DEAD_LETTER_BYTES);
    }

    @Test
    void labelsWithQuotesNewlinesAndYamlSpecialsArriveVerbatim() {
        PodRecord pod =
                decode(
                                listOf(
                                        pod(
                                                ",\"labels\":{\"quote\":\"a\\\"b\",\"newline\":\"a\\nb\","
                                                        + "\"yaml\":\"&x *y: - ? | > %\",\"empty\":\"\",\"bool\":\"yes\"}",
                                                "")))
                        .value()
                        .snapshot()
                        .pods()
                        .get(0);

        assertThat(pod.labels().asMap())
                .containsExactly(
                        Map.entry("bool", "yes"),
                        Map.entry("empty", ""),
                        Map.entry("newline", "a\nb"),
                        Map.entry("quote", "a\"b"),
                        Map.entry("yaml", "&x *y: - ? | > %"));
    }

    @Test
    void aHostileNameStaysOnOneShortLineInTheDetail() {
        String name = "x\\n".repeat(500);
        String item =
                "{\"kind\":\"Pod\",\"metadata\":{\"name\":\""
                        + name
                        + "\",\"namespace\":\"shop\","
                        + "\"uid\":7}}";

        DeadLetter deadLetter = skippedBetweenGoodPods(item);

        assertThat(deadLetter.detail()).hasSizeLessThanOrEqualTo(303).contains("metadata.uid");
    }

    @Test
    void truncatedDocumentsFailWhole() {
        byte[] bookinfo = InventoryInputs.bookinfo();
        for (int cut : new int[] {1, 100, bookinfo.length / 2, bookinfo.length - 2}) {
            DeadLetter deadLetter = documentFailure(Arrays.copyOf(bookinfo, cut));
            assertThat(deadLetter.reason())
                    .as("cut at %d", cut)
                    .isEqualTo(DeadLetterReason.MALFORMED_JSON);
            assertThat(deadLetter.detail())
                    .as("cut at %d", cut)
                    .contains("end-of-input")
                    .contains(" at line ");
            assertThat(deadLetter.original()).as("a prefix of the input").isNotEmpty();
        }
    }

    @Test
    void deepNestingFailsWhole() {
        String deep =
                listOf(pod("", ",\"spec\":{\"x\":" + "[".repeat(200) + "]".repeat(200) + "}"));

        DeadLetter deadLetter = documentFailure(deep);

        assertThat(deadLetter.reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
        assertThat(deadLetter.detail()).startsWith("JSON exceeds a limit").contains("64");
    }

    @Test
    void invalidUtf8FailsWholeAsBadEncoding() {
        byte[] json = listOf(GOOD_POD).getBytes(StandardCharsets.UTF_8);
        int at = new String(json, StandardCharsets.UTF_8).indexOf("good");
        json[at] = (byte) 0xC3;
        json[at + 1] = (byte) 0x28;

        DeadLetter deadLetter = documentFailure(json);

        assertThat(deadLetter.reason()).isEqualTo(DeadLetterReason.BAD_ENCODING);
        assertThat(deadLetter.position()).isPositive();
    }

    @Test
    void documentsOverTheLimitsAreTooLarge() {
        KubectlInventoryDecoder small = new KubectlInventoryDecoder(1024, 2);
        DeadLetter bytes = InventoryInputs.decode(small, InventoryInputs.bookinfo()).deadLetter();
        DeadLetter items =
                InventoryInputs.decode(
                                small,
                                listOf(GOOD_POD, GOOD_POD, GOOD_POD)
                                        .getBytes(StandardCharsets.UTF_8))
                        .deadLetter();

        assertThat(bytes.reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
        assertThat(bytes.detail()).isEqualTo("input exceeds the 1024-byte limit");
        assertThat(items.reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
        assertThat(items.detail()).isEqualTo("more than 2 items in the list");
        assertThat(
                        InventoryInputs.decode(
                                        small,
                                        listOf(GOOD_POD, GOOD_POD).getBytes(StandardCharsets.UTF_8))
                                .isOk())
                .isTrue();
    }

    @Test
    void documentsThatAreNotKubectlOutputFailWhole() {
        assertThat(documentFailure("").reason()).isEqualTo(DeadLetterReason.EMPTY);
        assertThat(documentFailure("  \n").detail()).isEqualTo("no JSON in the input");
        assertThat(documentFailure("[" + GOOD_POD + "]").detail())
                .startsWith("expected a kubectl JSON object")
                .endsWith("found an array");
        assertThat(documentFailure("{\"kind\":\"Deployment\",\"metadata\":{}}").reason())
                .isEqualTo(DeadLetterReason.UNSUPPORTED_FORMAT);
        assertThat(documentFailure("{\"metadata\":{}}").reason())
                .isEqualTo(DeadLetterReason.MISSING_FIELD);
        assertThat(documentFailure("{\"kind\":\"List\",\"items\":{}}").detail())
                .isEqualTo("items must be an array, was an object");
        assertThat(documentFailure(listOf(GOOD_POD) + " {}").detail())
                .isEqualTo("unexpected content after the JSON document");
        assertThat(documentFailure("apiVersion: v1\nkind: List\n").reason())
                .isEqualTo(DeadLetterReason.MALFORMED_JSON);
    }

    @Test
    void aFileOfBadItemsKeepsBoundedDeadLettersAndCountsThemAll() {
        String bad = "{\"kind\":\"Pod\",\"metadata\":{}}";
        String[] items = new String[KubectlInventoryDecoder.MAX_KEPT_DEAD_LETTERS + 500];
        Arrays.fill(items, bad);

        InventoryDecodeResult result = decode(listOf(items)).value();

        assertThat(result.skipped()).hasSize(KubectlInventoryDecoder.MAX_KEPT_DEAD_LETTERS);
        assertThat(result.skippedCount()).isEqualTo(items.length);
        assertThat(result.snapshot().pods()).isEmpty();
    }

    @Test
    void aFailingStreamIsAnIoErrorNotADeadLetter() {
        InputStream failing =
                new InputStream() {
                    @Override
                    public int read() throws IOException {
                        throw new IOException("disk gone");
                    }
                };

        assertThatThrownBy(() -> new KubectlInventoryDecoder().decode(failing, "x", null))
                .isInstanceOf(IOException.class)
                .hasMessage("disk gone");
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> new KubectlInventoryDecoder(0, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxBytes must be positive, was 0");
        assertThatThrownBy(() -> new KubectlInventoryDecoder(1, -1))
                .hasMessage("maxItems must be positive, was -1");
    }

    @Test
    void skippedItemsKeepTheirPositionInTheInput() {
        String list = listOf(GOOD_POD, "{\"kind\":\"Pod\",\"metadata\":{}}");

        DeadLetter deadLetter = decode(list).value().skipped().get(0);

        assertThat(deadLetter.position())
                .isEqualTo(list.indexOf("{\"kind\":\"Pod\",\"metadata\":{}}"));
        assertThat(List.of(deadLetter.originalText()))
                .containsExactly("{\"kind\":\"Pod\",\"metadata\":{}}");
    }
}
