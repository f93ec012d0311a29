package dev.tandem.ingest.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.Decoded;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CriEnvelopeDecoderTest {
    static final String SAMPLE = "envoy/elastic-integrations-istio/test-access_container_logs.log";

    private final CriEnvelopeDecoder decoder = new CriEnvelopeDecoder();

    private Decoded<Envelope> decode(String text) {
        return decoder.decode(text.getBytes(StandardCharsets.UTF_8), 1);
    }

    private DeadLetter deadLetter(String text) {
        return decode(text).deadLetter();
    }

    @Test
    void everyLineOfTheIstioContainerLogSampleUnwraps() {
        List<byte[]> lines = SampleLines.of(SAMPLE);

        // The sample holds 15 lines: 14 newlines, and no newline after the last line.
        assertThat(lines).hasSize(15);
        for (int i = 0; i < lines.size(); i++) {
            Envelope envelope = decoder.decode(lines.get(i), i + 1).value();
            assertThat(envelope.stream()).isEqualTo("stdout");
            assertThat(envelope.pod()).isNull();
            assertThat(envelope.lineText()).startsWith("[2022-07-22T12:24:").contains("HTTP/1.1");
        }
    }

    @Test
    void sampleLinesCarryTheRuntimeTimeAndTheEnvoyLine() {
        List<byte[]> lines = SampleLines.of(SAMPLE);

        Envelope first = decoder.decode(lines.get(0), 1).value();
        assertThat(first.loggedAt()).isEqualTo(Instant.parse("2022-07-22T12:24:12.325744791Z"));
        assertThat(first.lineText())
                .isEqualTo(
                        "[2022-07-22T12:24:09.217Z] \"GET /reviews/0 HTTP/1.1\" 0 DC"
                                + " downstream_remote_disconnect - \"-\" 0 0 3106 - \"-\""
                                + " \"curl/7.79.1\" \"d0caf832-6a17-916f-83b4-71a33dc038db\""
                                + " \"reviews:9080\" \"10.24.0.10:9080\" inbound|9080||"
                                + " 127.0.0.6:57403 10.24.0.10:9080 10.24.0.11:49888"
                                + " outbound_.9080_._.reviews.default.svc.cluster.local default");

        // Eight fraction digits: the runtime drops trailing zeros.
        Envelope fifth = decoder.decode(lines.get(4), 5).value();
        assertThat(fifth.loggedAt()).isEqualTo(Instant.parse("2022-07-22T12:24:16.902975710Z"));
        assertThat(fifth.lineText())
                .startsWith("[2022-07-22T12:24:16.867Z] \"GET /ratings/0 HTTP/1.1\" 200 -")
                .endsWith("10.24.0.10:40768 - default");

        Envelope last = decoder.decode(lines.get(14), 15).value();
        assertThat(last.loggedAt()).isEqualTo(Instant.parse("2022-07-22T12:24:22.903143304Z"));
        assertThat(last.lineText())
                .contains("\"2a11a425-4e29-90cc-afa6-a8ae821b9312\"")
                .endsWith(
                        "outbound|9080||ratings.default.svc.cluster.local 10.24.0.10:33168"
                                + " 10.12.29.240:9080 10.24.0.10:40768 - default");
    }

    @Test
    void readsStderrOffsetTimesAndExtraTags() {
        Envelope envelope =
                decode("2016-10-06T02:17:09.669794202+02:00 stderr F:x log text").value();

        assertThat(envelope.stream()).isEqualTo("stderr");
        assertThat(envelope.loggedAt()).isEqualTo(Instant.parse("2016-10-06T00:17:09.669794202Z"));
        assertThat(envelope.lineText()).isEqualTo("log text");
    }

    @Test
    void keepsSpacesInsideTheTextAndDropsTheLineTerminator() {
        Envelope envelope = decode("2016-10-06T00:17:09Z stdout F  two  spaces \r\n").value();

        assertThat(envelope.lineText()).isEqualTo(" two  spaces ");
        assertThat(envelope.loggedAt()).isEqualTo(Instant.parse("2016-10-06T00:17:09Z"));
    }

    @Test
    void aPartialLineCannotBeReadAlone() {
        DeadLetter deadLetter = deadLetter("2016-10-06T00:17:09.669794202Z stdout P first half");

        assertThat(deadLetter.reason()).isEqualTo(DeadLetterReason.UNSUPPORTED_FORMAT);
        assertThat(deadLetter.detail()).contains("CriPartialLineJoiner");
        assertThat(deadLetter.originalText()).endsWith("first half");
    }

    @Test
    void linesThatAreNotCriAreMalformedText() {
        assertThat(deadLetter("{\"log\":\"x\"}").reason())
                .isEqualTo(DeadLetterReason.MALFORMED_TEXT);
        assertThat(deadLetter("{\"log\":\"x\"}").detail()).contains("no space after the timestamp");
        assertThat(deadLetter("[2022-07-22T12:24:09.217Z] \"GET / HTTP/1.1\" 200").detail())
                .startsWith("not a CRI log line: not an RFC 3339 timestamp");
        assertThat(deadLetter("2016-10-06T00:17:09Z stdin F text").detail())
                .isEqualTo("CRI stream must be stdout or stderr, was 'stdin'");
        assertThat(deadLetter("2016-10-06T00:17:09Z stdout X text").detail())
                .isEqualTo("CRI log tag must start with F or P, was 'X'");
        assertThat(deadLetter("2016-10-06T00:17:09Z stdout").detail())
                .isEqualTo("not a CRI log line: no log tag after the stream");
        assertThat(deadLetter("2016-13-06T00:17:09Z stdout F text").detail())
                .contains("field out of range");
        assertThat(deadLetter("2016-10-06T00:17:09Z" + "9".repeat(100) + " stdout F t").detail())
                .isEqualTo("not a CRI log line: the first field is not a timestamp");
    }

    @Test
    void aLineWithoutTextIsEmpty() {
        assertThat(deadLetter("2016-10-06T00:17:09Z stdout F").reason())
                .isEqualTo(DeadLetterReason.EMPTY);
        assertThat(deadLetter("2016-10-06T00:17:09Z stdout F   ").detail())
                .isEqualTo("CRI line carries no text after its tag");
        assertThat(deadLetter("\n").detail()).isEqualTo("blank line");
    }

    @Test
    void invalidUtf8InTheTextIsPassedOnButNotInTheHeader() {
        byte[] header = "2016-10-06T00:17:09Z stdout F ".getBytes(StandardCharsets.US_ASCII);
        byte[] line = Arrays.copyOf(header, header.length + 2);
        line[header.length] = (byte) 0xC3;
        line[header.length + 1] = (byte) 0x28;

        assertThat(decoder.decode(line, 1).value().line()).containsExactly(0xC3, 0x28);

        byte[] badHeader = line.clone();
        badHeader[0] = (byte) 0xFF;
        DeadLetter deadLetter = decoder.decode(badHeader, 2).deadLetter();
        assertThat(deadLetter.reason()).isEqualTo(DeadLetterReason.MALFORMED_TEXT);
        assertThat(deadLetter.original()).isEqualTo(badHeader);
    }

    @Test
    void aTenMegabyteLineIsTooLarge() {
        byte[] huge = new byte[10 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'a');

        assertThat(decoder.decode(huge, 4).deadLetter().reason())
                .isEqualTo(DeadLetterReason.TOO_LARGE);
    }

    @Test
    void deadLettersNameTheSourceAndPosition() {
        DeadLetter deadLetter =
                decoder.decode("junk".getBytes(StandardCharsets.UTF_8), 42).deadLetter();

        assertThat(deadLetter.source()).isEqualTo("cri");
        assertThat(deadLetter.position()).isEqualTo(42);
        assertThat(deadLetter.originalText()).isEqualTo("junk");
    }
}
