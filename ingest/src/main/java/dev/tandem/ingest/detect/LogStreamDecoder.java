package dev.tandem.ingest.detect;

import dev.tandem.ingest.calico.CalicoFlowLogDecoder;
import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.DeadLetters;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.decode.Decoder;
import dev.tandem.ingest.envelope.CriEnvelopeDecoder;
import dev.tandem.ingest.envelope.CriPartialLineJoiner;
import dev.tandem.ingest.envelope.Envelope;
import dev.tandem.ingest.envelope.FluentBitEnvelopeDecoder;
import dev.tandem.ingest.envoy.EnvoyJsonDecoder;
import dev.tandem.ingest.envoy.EnvoyTextDecoder;
import dev.tandem.ingest.goldmane.GoldmaneFlowDecoder;
import dev.tandem.ingest.io.BoundedLineReader;
import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.model.ProxyRequest;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Decodes the lines of one log stream (a file, stdin, one HTTP body) into kernel flows and proxy
 * requests: unwraps CRI and Fluent Bit envelopes, picks the decoder for each line ({@link
 * LineFormatSniffer} when the kind is {@link LogKind#AUTO}), and attributes proxy lines to the pod
 * their envelope names. Every line gives a record or a dead letter, except blank lines, which are
 * counted.
 *
 * <p>Stateful, because CRI splits long lines into partial ({@code P}) pieces that only a reader of
 * the whole stream can join: use one instance per stream, from one thread, and call {@link #finish}
 * at its end.
 *
 * <p>A dead letter's source names the decoders it went through and the stream ({@code
 * fluent-bit/envoy-text:/var/log/x.log}). It keeps the bytes of the line as it arrived, except for
 * lines in a CRI envelope, where it keeps the joined inner line: a record joined from several
 * {@code P} pieces has no single original line, and the CRI prefix carries nothing the inner line
 * does not.
 */
public final class LogStreamDecoder {
    private static final Decoder<? extends Evidence> CALICO = new CalicoFlowLogDecoder();
    private static final Decoder<? extends Evidence> GOLDMANE = new GoldmaneFlowDecoder();
    private static final Decoder<? extends Evidence> ENVOY_TEXT = new EnvoyTextDecoder();
    private static final Decoder<? extends Evidence> ENVOY_JSON = new EnvoyJsonDecoder();
    private static final CriEnvelopeDecoder CRI = new CriEnvelopeDecoder();
    private static final FluentBitEnvelopeDecoder FLUENT_BIT = new FluentBitEnvelopeDecoder();

    private final LogKind kind;
    private final String stream;
    private final CriPartialLineJoiner criJoiner;
    private long blankLines;

    /**
     * @param kind what the stream holds
     * @param stream the stream's name for dead letters (a path, {@code stdin}, {@code http}), or
     *     null
     */
    public LogStreamDecoder(LogKind kind, String stream) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.stream = stream;
        this.criJoiner = new CriPartialLineJoiner(sourceName(CRI.sourceName()));
    }

    /**
     * Decodes one line read by a {@link BoundedLineReader}; a line cut at the cap is a dead letter.
     */
    public void accept(BoundedLineReader.Line line, Consumer<Decoded<Evidence>> out) {
        if (line.truncated()) {
            out.accept(
                    DeadLetters.fail(
                            sourceName("reader"),
                            line.number(),
                            DeadLetterReason.TOO_LARGE,
                            "line of "
                                    + line.fullLength()
                                    + " bytes exceeds the "
                                    + line.length()
                                    + "-byte limit; its first "
                                    + line.length()
                                    + " bytes are kept",
                            line.bytes(),
                            0,
                            line.length()));
            return;
        }
        accept(line.bytes(), 0, line.length(), line.number(), out);
    }

    /** Decodes one line; emits nothing for a blank line or a partial CRI piece. */
    public void accept(
            byte[] bytes, int offset, int length, long position, Consumer<Decoded<Evidence>> out) {
        if (isBlank(bytes, offset, length)) {
            blankLines++;
            return;
        }
        LineFormat format = LineFormatSniffer.sniff(bytes, offset, length);
        if (format == LineFormat.CRI_ENVELOPE) {
            criJoiner
                    .accept(bytes, offset, length, position)
                    .ifPresent(envelope -> unwrapCri(envelope, position, out));
        } else if (format == LineFormat.FLUENT_BIT_ENVELOPE) {
            Decoded<Envelope> envelope = FLUENT_BIT.decode(bytes, offset, length, position);
            if (!envelope.isOk()) {
                out.accept(Decoded.failed(relabel(envelope.deadLetter(), FLUENT_BIT.sourceName())));
                return;
            }
            out.accept(
                    decodeInner(
                            envelope.value(),
                            FLUENT_BIT.sourceName() + "/",
                            position,
                            bytes,
                            offset,
                            length));
        } else {
            out.accept(decodeBare(format, bytes, offset, length, position, ""));
        }
    }

    /** Ends the stream: CRI records still waiting for their last piece become dead letters. */
    public void finish(Consumer<Decoded<Evidence>> out) {
        for (Decoded<Envelope> unfinished : criJoiner.finish()) {
            out.accept(Decoded.failed(unfinished.deadLetter()));
        }
    }

    /** How many blank lines were skipped. */
    public long blankLines() {
        return blankLines;
    }

    private void unwrapCri(
            Decoded<Envelope> envelope, long position, Consumer<Decoded<Evidence>> out) {
        if (!envelope.isOk()) {
            out.accept(Decoded.failed(envelope.deadLetter()));
            return;
        }
        byte[] inner = envelope.value().line();
        out.accept(
                decodeInner(
                        envelope.value(),
                        CRI.sourceName() + "/",
                        position,
                        inner,
                        0,
                        inner.length));
    }

    /**
     * Decodes the line inside an envelope; a dead letter keeps {@code original} (the bytes that
     * arrived) so that a replay gets the envelope and its pod back.
     */
    private Decoded<Evidence> decodeInner(
            Envelope envelope, String via, long position, byte[] original, int offset, int length) {
        byte[] line = envelope.line();
        LineFormat inner = LineFormatSniffer.sniff(line, 0, line.length);
        Decoded<Evidence> result = decodeBare(inner, line, 0, line.length, position, via);
        if (!result.isOk()) {
            DeadLetter letter = result.deadLetter();
            return DeadLetters.fail(
                    letter.source(),
                    position,
                    letter.reason(),
                    letter.detail(),
                    original,
                    offset,
                    length);
        }
        if (envelope.pod() != null && result.value() instanceof ProxyRequest) {
            return Decoded.ok(((ProxyRequest) result.value()).withPod(envelope.pod()));
        }
        return result;
    }

    private Decoded<Evidence> decodeBare(
            LineFormat format, byte[] bytes, int offset, int length, long position, String via) {
        Decoder<? extends Evidence> decoder = decoderFor(format, bytes, offset, length);
        if (decoder == null) {
            return DeadLetters.fail(
                    sourceName(via + kind.cliName()),
                    position,
                    reasonFor(format),
                    detailFor(format),
                    bytes,
                    offset,
                    length);
        }
        Decoded<? extends Evidence> decoded = decoder.decode(bytes, offset, length, position);
        if (decoded.isOk()) {
            return Decoded.ok(decoded.value());
        }
        return Decoded.failed(relabel(decoded.deadLetter(), via + decoder.sourceName()));
    }

    /**
     * The decoder for a line, or null when the kind and the line's format rule every decoder out.
     */
    private Decoder<? extends Evidence> decoderFor(
            LineFormat format, byte[] bytes, int offset, int length) {
        switch (kind) {
            case CALICO:
                return CALICO;
            case GOLDMANE:
                return GOLDMANE;
            case ENVOY:
                return format == LineFormat.ENVOY_JSON || startsWithBrace(bytes, offset, length)
                        ? ENVOY_JSON
                        : ENVOY_TEXT;
            case AUTO:
            default:
                switch (format) {
                    case CALICO_JSON:
                        return CALICO;
                    case GOLDMANE_JSON:
                        return GOLDMANE;
                    case ENVOY_JSON:
                        return ENVOY_JSON;
                    case ENVOY_TEXT:
                        return ENVOY_TEXT;
                    default:
                        return null;
                }
        }
    }

    private static DeadLetterReason reasonFor(LineFormat format) {
        switch (format) {
            case FELIX_SYSLOG:
            case ZTUNNEL:
            case CRI_ENVELOPE:
            case FLUENT_BIT_ENVELOPE:
                return DeadLetterReason.UNSUPPORTED_FORMAT;
            default:
                return DeadLetterReason.UNKNOWN_FORMAT;
        }
    }

    private static String detailFor(LineFormat format) {
        if (format == LineFormat.CRI_ENVELOPE || format == LineFormat.FLUENT_BIT_ENVELOPE) {
            return format.description()
                    + " inside another envelope: only one level of wrapping is read";
        }
        return format.unreadableBecause() != null
                ? format.unreadableBecause()
                : LineFormat.UNKNOWN.unreadableBecause();
    }

    private DeadLetter relabel(DeadLetter letter, String decoders) {
        return new DeadLetter(
                sourceName(decoders),
                letter.position(),
                letter.reason(),
                letter.detail(),
                letter.original());
    }

    private String sourceName(String decoders) {
        return stream == null ? decoders : decoders + ":" + stream;
    }

    private static boolean startsWithBrace(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            if (bytes[i] != ' ' && bytes[i] != '\t') {
                return bytes[i] == '{';
            }
        }
        return false;
    }

    private static boolean isBlank(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
