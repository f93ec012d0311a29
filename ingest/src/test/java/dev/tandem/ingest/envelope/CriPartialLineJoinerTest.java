package dev.tandem.ingest.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.decode.DecoderLimits;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CriPartialLineJoinerTest {
    private static final String T0 = "2022-07-22T12:24:12.000000001Z";
    private static final String T1 = "2022-07-22T12:24:12.000000002Z";
    private static final String T2 = "2022-07-22T12:24:12.000000003Z";
    private static final String ENVOY_LINE =
            "[2022-07-22T12:24:09.217Z] \"GET /reviews/0 HTTP/1.1\" 200 - via_upstream";

    private final CriPartialLineJoiner joiner = new CriPartialLineJoiner("cri:reviews.log");
    private long position;

    private Optional<Decoded<Envelope>> feed(String line) {
        return joiner.accept(line.getBytes(StandardCharsets.UTF_8), ++position);
    }

    private static String cri(String time, String stream, String tag, String text) {
        return time + " " + stream + " " + tag + " " + text + "\n";
    }

    @Test
    void aWholeLinePassesStraightThrough() {
        Envelope envelope = feed(cri(T0, "stdout", "F", ENVOY_LINE)).orElseThrow().value();

        assertThat(envelope.lineText()).isEqualTo(ENVOY_LINE);
        assertThat(envelope.loggedAt()).isEqualTo(Instant.parse(T0));
        assertThat(envelope.stream()).isEqualTo("stdout");
    }

    @Test
    void partialLinesJoinUntilTheFullLine() {
        assertThat(feed(cri(T0, "stdout", "P", "[2022-07-22T12:24:09.217Z] \"GET"))).isEmpty();
        assertThat(feed(cri(T1, "stdout", "P", " /reviews/0 HTTP/1.1\""))).isEmpty();
        Envelope joined = feed(cri(T2, "stdout", "F", " 200 - via_upstream")).orElseThrow().value();

        assertThat(joined.lineText()).isEqualTo(ENVOY_LINE);
        assertThat(joined.loggedAt()).as("the first piece's time").isEqualTo(Instant.parse(T0));
        assertThat(joined.stream()).isEqualTo("stdout");
        assertThat(joiner.finish()).isEmpty();
    }

    @Test
    void eachStreamKeepsItsOwnPartialRun() {
        assertThat(feed(cri(T0, "stdout", "P", "out-1 "))).isEmpty();
        Envelope err = feed(cri(T1, "stderr", "F", "warning: slow upstream")).orElseThrow().value();
        assertThat(feed(cri(T1, "stderr", "P", "err-1 "))).isEmpty();
        Envelope out = feed(cri(T2, "stdout", "F", "out-2")).orElseThrow().value();
        Envelope err2 = feed(cri(T2, "stderr", "F", "err-2")).orElseThrow().value();

        assertThat(err.lineText()).isEqualTo("warning: slow upstream");
        assertThat(err.stream()).isEqualTo("stderr");
        assertThat(out.lineText()).isEqualTo("out-1 out-2");
        assertThat(out.loggedAt()).isEqualTo(Instant.parse(T0));
        assertThat(err2.lineText()).isEqualTo("err-1 err-2");
        assertThat(err2.stream()).isEqualTo("stderr");
    }

    @Test
    void aBrokenLineInTheMiddleIsDeadLetteredAndTheRunGoesOn() {
        feed(cri(T0, "stdout", "P", "first "));
        DeadLetter broken = feed("garbage without a header").orElseThrow().deadLetter();
        Envelope joined = feed(cri(T1, "stdout", "F", "second")).orElseThrow().value();

        assertThat(broken.reason()).isEqualTo(DeadLetterReason.MALFORMED_TEXT);
        assertThat(broken.source()).isEqualTo("cri:reviews.log");
        assertThat(broken.position()).isEqualTo(2);
        assertThat(joined.lineText()).isEqualTo("first second");
    }

    @Test
    void aRecordOverTheCapIsOneTooLargeDeadLetterAndTheNextLineRecovers() {
        String piece = "x".repeat(16 * 1024);
        int pieces = DecoderLimits.MAX_RECORD_BYTES / piece.length() + 2;
        for (int i = 0; i < pieces; i++) {
            assertThat(feed(cri(T0, "stdout", "P", piece))).as("piece %d", i).isEmpty();
        }
        DeadLetter tooLarge = feed(cri(T1, "stdout", "F", "end")).orElseThrow().deadLetter();
        Envelope next = feed(cri(T2, "stdout", "F", ENVOY_LINE)).orElseThrow().value();

        assertThat(tooLarge.reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
        assertThat(tooLarge.position()).as("the run's first line").isEqualTo(1);
        assertThat(tooLarge.detail())
                .isEqualTo(
                        "stdout record of "
                                + (pieces * piece.length() + 3)
                                + " bytes joined from partial lines exceeds the 1048576-byte limit");
        assertThat(tooLarge.original())
                .hasSize(CriPartialLineJoiner.DEAD_LETTER_PREFIX_BYTES)
                .startsWith((byte) 'x');
        assertThat(next.lineText()).isEqualTo(ENVOY_LINE);
    }

    @Test
    void aSingleFullLineOverTheCapIsTooLarge() {
        byte[] header = (T0 + " stdout F ").getBytes(StandardCharsets.US_ASCII);
        byte[] line = new byte[header.length + 10 * 1024 * 1024];
        System.arraycopy(header, 0, line, 0, header.length);
        java.util.Arrays.fill(line, header.length, line.length, (byte) 'a');

        DeadLetter deadLetter = joiner.accept(line, 1).orElseThrow().deadLetter();

        assertThat(deadLetter.reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
        assertThat(deadLetter.original()).hasSize(CriPartialLineJoiner.DEAD_LETTER_PREFIX_BYTES);
    }

    @Test
    void finishDeadLettersRunsThatNeverEndedInTheOrderTheyStarted() {
        feed(cri(T0, "stderr", "P", "err-begin"));
        feed(cri(T1, "stdout", "P", "out-begin"));

        List<Decoded<Envelope>> unfinished = joiner.finish();

        assertThat(unfinished).hasSize(2);
        DeadLetter err = unfinished.get(0).deadLetter();
        assertThat(err.reason()).isEqualTo(DeadLetterReason.MALFORMED_TEXT);
        assertThat(err.detail())
                .startsWith("stderr record of 9 bytes in partial lines never ended");
        assertThat(err.originalText()).isEqualTo("err-begin");
        assertThat(err.position()).isEqualTo(1);
        assertThat(unfinished.get(1).deadLetter().originalText()).isEqualTo("out-begin");
        assertThat(joiner.finish()).as("finish empties the joiner").isEmpty();
        assertThat(feed(cri(T2, "stdout", "F", "fresh")).orElseThrow().value().lineText())
                .isEqualTo("fresh");
    }

    @Test
    void blankJoinedRecordsAndBlankLinesAreEmpty() {
        feed(cri(T0, "stdout", "P", " "));
        assertThat(feed(cri(T1, "stdout", "F", "")).orElseThrow().deadLetter().detail())
                .isEqualTo("stdout record joined from partial lines is blank");
        assertThat(feed("   \n").orElseThrow().deadLetter().reason())
                .isEqualTo(DeadLetterReason.EMPTY);
        assertThat(feed(cri(T2, "stdout", "F", "")).orElseThrow().deadLetter().reason())
                .isEqualTo(DeadLetterReason.EMPTY);
    }

    @Test
    void theIstioSampleThroughTheJoinerGivesWhatTheDecoderGives() {
        List<byte[]> lines = SampleLines.of(CriEnvelopeDecoderTest.SAMPLE);
        CriEnvelopeDecoder decoder = new CriEnvelopeDecoder();

        for (int i = 0; i < lines.size(); i++) {
            Envelope joined = joiner.accept(lines.get(i), i + 1).orElseThrow().value();
            assertThat(joined).isEqualTo(decoder.decode(lines.get(i), i + 1).value());
        }
        assertThat(joiner.finish()).isEmpty();
    }

    @Test
    void theDefaultSourceIsCri() {
        DeadLetter deadLetter =
                new CriPartialLineJoiner()
                        .accept("junk".getBytes(StandardCharsets.UTF_8), 1)
                        .orElseThrow()
                        .deadLetter();

        assertThat(deadLetter.source()).isEqualTo("cri");
    }
}
