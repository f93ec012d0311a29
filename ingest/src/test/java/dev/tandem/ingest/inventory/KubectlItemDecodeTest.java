package dev.tandem.ingest.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.model.InventorySnapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One object at a time, as the watcher hands them over, must read exactly as in a kubectl List. */
class KubectlItemDecodeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KubectlInventoryDecoder decoder = new KubectlInventoryDecoder();

    @Test
    void eachObjectOfTheListReadsAloneAsItDoesInTheList() throws Exception {
        InventorySnapshot snapshot =
                InventoryInputs.decode(InventoryInputs.bookinfo()).value().snapshot();
        JsonNode list = JSON.readTree(InventoryInputs.bookinfo());

        List<InventoryItem> alone = new ArrayList<>();
        for (JsonNode item : list.get("items")) {
            Decoded<InventoryItem> read = decoder.decodeItem(JSON.writeValueAsBytes(item), "api");
            assertThat(read.isOk()).as(() -> String.valueOf(read)).isTrue();
            alone.add(read.value());
        }

        assertThat(alone).containsExactlyInAnyOrderElementsOf(InventoryItem.allOf(snapshot));
    }

    @Test
    void anotherKindIsRefusedAsNotInventory() {
        Decoded<InventoryItem> read =
                decoder.decodeItem(
                        bytes(
                                "{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":\"x\"}}"),
                        "api");

        assertThat(read.isOk()).isFalse();
        assertThat(read.deadLetter().reason()).isEqualTo(DeadLetterReason.UNSUPPORTED_FORMAT);
        assertThat(read.deadLetter().detail()).contains("kind Deployment is not inventory");
    }

    @Test
    void aKnativeServiceIsNotAKubernetesService() {
        Decoded<InventoryItem> read =
                decoder.decodeItem(
                        bytes(
                                "{\"kind\":\"Service\",\"apiVersion\":\"serving.knative.dev/v1\","
                                        + "\"metadata\":{\"namespace\":\"a\",\"name\":\"b\"}}"),
                        "api");

        assertThat(read.isOk()).isFalse();
        assertThat(read.deadLetter().reason()).isEqualTo(DeadLetterReason.UNSUPPORTED_FORMAT);
        assertThat(read.deadLetter().detail()).contains("found 0 inventory objects");
    }

    @Test
    void aPodWithoutNamespaceIsSkippedWithItsReason() {
        Decoded<InventoryItem> read =
                decoder.decodeItem(
                        bytes(
                                "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"b\"}}"),
                        "api");

        assertThat(read.isOk()).isFalse();
        assertThat(read.deadLetter().reason()).isEqualTo(DeadLetterReason.MISSING_FIELD);
        assertThat(read.deadLetter().detail()).contains("metadata.namespace is missing");
    }

    @Test
    void truncatedJsonIsADeadLetterNotAnException() {
        Decoded<InventoryItem> read = decoder.decodeItem(bytes("{\"kind\":\"Pod\",\"metad"), "api");

        assertThat(read.isOk()).isFalse();
        assertThat(read.deadLetter().reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
