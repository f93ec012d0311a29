package dev.tandem.ingest.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.decode.DecoderLimits;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RawEnvelopeDecoderTest {
    private static final String ENVOY_LINE =
            "[2022-07-22T12:24:16.069Z] \"GET /ratings/0 HTTP/1.1\" 200 - via_upstream - \"-\" 0 48"
                    + " 2 2 \"-\" \"curl/7.79.1\"";

    private final RawEnvelopeDecoder decoder = new RawEnvelopeDecoder();

    private Decoded<Envelope> decode(String text) {
        return decoder.decode(text.getBytes(StandardCharsets.UTF_8), 1);
    }

    @Test
    void keepsTheLineAsItIsAndKnowsNothingElse() {
        Envelope envelope = decode(ENVOY_LINE).value();

        assertThat(envelope.lineText()).isEqualTo(ENVOY_LINE);
        assertThat(envelope.pod()).isNull();
        assertThat(envelope.loggedAt()).isNull();
        assertThat(envelope.stream()).isNull();
        assertThat(decoder.sourceName()).isEqualTo("raw");
    }

    @Test
    void dropsOneLineTerminator() {
        assertThat(decode(ENVOY_LINE + "\r\n").value().lineText()).isEqualTo(ENVOY_LINE);
        assertThat(decode(ENVOY_LINE + "\n").value().lineText()).isEqualTo(ENVOY_LINE);
        assertThat(decode("  padded  \n").value().lineText()).isEqualTo("  padded  ");
    }

    @Test
    void everyLineOfTheEnvoyTextSampleIsWrappedUnchanged() {
        List<byte[]> lines =
                SampleLines.of("envoy/elastic-integrations-istio/test-access-logs.log");

        assertThat(lines).isNotEmpty();
        for (int i = 0; i < lines.size(); i++) {
            assertThat(decoder.decode(lines.get(i), i + 1).value().line())
                    .as("line %d", i + 1)
                    .isEqualTo(lines.get(i));
        }
    }

    @Test
    void readsOnlyTheGivenSlice() {
        byte[] buffer = ("xx" + ENVOY_LINE + "\nyy").getBytes(StandardCharsets.UTF_8);
        int length = ENVOY_LINE.length() + 1;

        assertThat(decoder.decode(buffer, 2, length, 3).value().lineText()).isEqualTo(ENVOY_LINE);
    }

    @Test
    void blankLinesAreDeadLetteredAsEmpty() {
        DeadLetter deadLetter = decode(" \t\r\n").deadLetter();

        assertThat(deadLetter.reason()).isEqualTo(DeadLetterReason.EMPTY);
        assertThat(deadLetter.source()).isEqualTo("raw");
        assertThat(deadLetter.detail()).isEqualTo("blank line");
        assertThat(decode("").deadLetter().reason()).isEqualTo(DeadLetterReason.EMPTY);
    }

    @Test
    void aTenMegabyteLineIsTooLarge() {
        byte[] huge = new byte[10 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'a');

        DeadLetter deadLetter = decoder.decode(huge, 9).deadLetter();

        assertThat(deadLetter.reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
        assertThat(deadLetter.detail()).contains(String.valueOf(DecoderLimits.MAX_RECORD_BYTES));
        assertThat(deadLetter.position()).isEqualTo(9);
    }

    @Test
    void invalidUtf8IsPassedOnForTheLineDecoderToJudge() {
        byte[] bad = {'G', 'E', 'T', ' ', (byte) 0xC3, (byte) 0x28};

        assertThat(decoder.decode(bad, 1).value().line()).isEqualTo(bad);
    }
}
