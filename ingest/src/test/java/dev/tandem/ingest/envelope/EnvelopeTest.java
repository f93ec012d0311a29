package dev.tandem.ingest.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.decode.Decoder;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.PodContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvelopeTest {
    private static final Instant T0 = Instant.parse("2022-07-22T12:24:12.325744791Z");
    private static final PodContext REVIEWS =
            new PodContext(
                    "default",
                    "reviews-v1-6584ddcf65-k78wz",
                    Labels.of(Map.of("app", "reviews")),
                    "istio-proxy",
                    "10.24.0.10",
                    "node-1",
                    null);

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void equalEnvelopesCompareLineContentsNotArrayIdentity() {
        Envelope a = new Envelope(bytes("GET /"), REVIEWS, T0, "stdout");
        Envelope b = new Envelope(bytes("GET /"), REVIEWS, T0, "stdout");

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(new Envelope(bytes("GET /x"), REVIEWS, T0, "stdout"));
        assertThat(a).isNotEqualTo(new Envelope(bytes("GET /"), null, T0, "stdout"));
        assertThat(a).isNotEqualTo(new Envelope(bytes("GET /"), REVIEWS, T0, "stderr"));
    }

    @Test
    void lineIsCopiedOut() {
        Envelope envelope = new Envelope(bytes("GET /"), null, null, null);
        envelope.line()[1] = 'X';

        assertThat(envelope.lineText()).isEqualTo("GET /");
        assertThat(envelope.lineLength()).isEqualTo(5);
    }

    @Test
    void decodersNeverShareTheirInputBufferWithTheEnvelope() {
        byte[] buffer = "2022-07-22T12:24:12Z stdout F GET /".getBytes(StandardCharsets.UTF_8);
        Envelope envelope = new CriEnvelopeDecoder().decode(buffer, 1).value();
        Arrays.fill(buffer, (byte) 'X');

        assertThat(envelope.lineText()).isEqualTo("GET /");
    }

    @Test
    void decodeLineHandsTheWholeLineToTheDecoder() {
        Envelope envelope = new Envelope(bytes("ratings:9080"), null, T0, "stdout");
        Decoder<String> echo =
                new Decoder<>() {
                    @Override
                    public Decoded<String> decode(
                            byte[] bytes, int offset, int length, long position) {
                        return Decoded.ok(
                                new String(bytes, offset, length, StandardCharsets.UTF_8)
                                        + "@"
                                        + position);
                    }

                    @Override
                    public String sourceName() {
                        return "echo";
                    }
                };

        assertThat(envelope.decodeLine(echo, 7).value()).isEqualTo("ratings:9080@7");
    }

    @Test
    void aNullLineIsRefused() {
        assertThatThrownBy(() -> new Envelope(null, null, null, null))
                .isInstanceOf(NullPointerException.class)
                .hasMessageContaining("line");
    }

    @Test
    void toStringShowsTheStartOfTheLine() {
        Envelope envelope = new Envelope(bytes("x".repeat(200)), null, T0, "stderr");

        assertThat(envelope.toString())
                .contains("stream=stderr", "loggedAt=" + T0, "x".repeat(80) + "...")
                .doesNotContain("x".repeat(81));
    }
}
