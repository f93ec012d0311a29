package dev.tandem.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.ingest.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The reasons' order is part of the state format, and each one reaches JSON by its name. */
class DeadLetterReasonTest {
    @Test
    void reasonsKeepTheirPositionsAndNewOnesComeLast() {
        // Flink's Kryo fallback writes an enum as its position: reordering would misread state.
        assertThat(Arrays.stream(DeadLetterReason.values()).map(Enum::name))
                .containsExactly(
                        "TOO_LARGE",
                        "EMPTY",
                        "BAD_ENCODING",
                        "MALFORMED_JSON",
                        "INVALID_FIELD",
                        "MISSING_FIELD",
                        "MALFORMED_TEXT",
                        "UNSUPPORTED_FORMAT",
                        "UNKNOWN_FORMAT",
                        "REJECTED_BY_DESTINATION");
    }

    @Test
    void aLetterADestinationRejectedIsWrittenWithThatReason() throws Exception {
        DeadLetter letter =
                new DeadLetter(
                        "notify:ops",
                        42,
                        DeadLetterReason.REJECTED_BY_DESTINATION,
                        "ops (slack) refused alert 0f: HTTP 400: invalid_payload",
                        "{\"alertId\":\"0f\"}".getBytes(StandardCharsets.UTF_8));
        JsonNode node = CanonicalJson.mapper().readTree(CanonicalJson.toJsonLine(letter));
        assertThat(node.get("reason").asText()).isEqualTo("REJECTED_BY_DESTINATION");
        assertThat(node.get("source").asText()).isEqualTo("notify:ops");
        assertThat(node.get("original").asText()).isEqualTo("{\"alertId\":\"0f\"}");
    }
}
