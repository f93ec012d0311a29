package dev.tandem.ingest.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.Labels;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {

    @Test
    void endpointsUseLowerCaseKindsAndSortedLabels() throws Exception {
        EndpointRef ref =
                new EndpointRef(
                        "shop",
                        "cart",
                        EndpointKind.WORKLOAD,
                        Labels.of(Map.of("z", "1", "a", "2")),
                        true,
                        "cart");
        String json = CanonicalJson.toJsonLine(ref);
        assertThat(json).contains("\"labels\":{\"a\":\"2\",\"z\":\"1\"}");
        assertThat(json).contains("\"kind\":\"workload\"");
        assertThat(CanonicalJson.fromJson(json.getBytes(StandardCharsets.UTF_8), EndpointRef.class))
                .isEqualTo(ref);
        assertThat(json).doesNotContain("\n");
    }

    @Test
    void deadLettersKeepValidTextReadable() throws Exception {
        DeadLetter letter =
                new DeadLetter(
                        "calico",
                        7,
                        DeadLetterReason.MALFORMED_JSON,
                        "truncated",
                        "{\"a\":".getBytes(StandardCharsets.UTF_8));
        JsonNode node = CanonicalJson.mapper().readTree(CanonicalJson.toJsonLine(letter));
        assertThat(node.get("original").asText()).isEqualTo("{\"a\":");
        assertThat(node.get("reason").asText()).isEqualTo("MALFORMED_JSON");
        assertThat(node.get("position").asLong()).isEqualTo(7);
    }

    @Test
    void deadLettersKeepInvalidUtf8ExactlyAsBase64() throws Exception {
        byte[] bytes = {'x', (byte) 0xC3, (byte) 0x28};
        DeadLetter letter =
                new DeadLetter("envoy-text", 1, DeadLetterReason.BAD_ENCODING, "bad byte", bytes);
        JsonNode node = CanonicalJson.mapper().readTree(CanonicalJson.toJsonLine(letter));
        assertThat(node.has("original")).isFalse();
        assertThat(Base64.getDecoder().decode(node.get("originalBase64").asText()))
                .isEqualTo(bytes);
    }
}
