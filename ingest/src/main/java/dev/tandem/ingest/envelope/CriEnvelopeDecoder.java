package dev.tandem.ingest.envelope;

import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.DeadLetters;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.decode.Decoder;
import java.util.Arrays;

/**
 * Unwraps one line of a container runtime log file: {@code 2022-07-22T12:24:12.325744791Z stdout F
 * [2022-07-22T12:24:09.217Z] "GET /reviews/0 HTTP/1.1" ...} gives the Envoy line after the {@code
 * F}, the runtime's timestamp and the stream. CRI files say nothing about the pod (the file name
 * does), so {@link Envelope#pod()} is null.
 *
 * <p>A partial line (tag {@code P}, written when the runtime splits a line longer than its buffer,
 * 16 KiB in containerd) cannot stand alone: this stateless decoder dead-letters it as {@link
 * DeadLetterReason#UNSUPPORTED_FORMAT}. Read a file through a {@link CriPartialLineJoiner} to get
 * such lines joined. Thread-safe.
 */
public final class CriEnvelopeDecoder implements Decoder<Envelope> {
    /** The source name of this decoder's dead letters. */
    public static final String SOURCE_NAME = "cri";

    @Override
    public Decoded<Envelope> decode(byte[] bytes, int offset, int length, long position) {
        try {
            Decoded<Envelope> tooLarge =
                    DeadLetters.failIfTooLarge(SOURCE_NAME, position, bytes, offset, length);
            if (tooLarge != null) {
                return tooLarge;
            }
            int end = LineBytes.endWithoutTerminator(bytes, offset, length);
            if (LineBytes.isBlank(bytes, offset, end)) {
                return fail(DeadLetterReason.EMPTY, "blank line", bytes, offset, length, position);
            }
            CriLine line = CriLineParser.parse(bytes, offset, end);
            if (line.partial()) {
                return fail(
                        DeadLetterReason.UNSUPPORTED_FORMAT,
                        "partial CRI line (tag P) cannot be read alone; read the file through"
                                + " CriPartialLineJoiner",
                        bytes,
                        offset,
                        length,
                        position);
            }
            if (LineBytes.isBlank(bytes, line.textFrom(), line.textTo())) {
                return fail(
                        DeadLetterReason.EMPTY,
                        "CRI line carries no text after its tag",
                        bytes,
                        offset,
                        length,
                        position);
            }
            return Decoded.ok(toEnvelope(line, bytes));
        } catch (RejectedInput e) {
            return fail(e.reason(), e.getMessage(), bytes, offset, length, position);
        } catch (RuntimeException e) {
            return fail(
                    DeadLetterReason.UNKNOWN_FORMAT,
                    "unexpected error reading a CRI line: " + e,
                    bytes,
                    offset,
                    length,
                    position);
        }
    }

    @Override
    public String sourceName() {
        return SOURCE_NAME;
    }

    static Envelope toEnvelope(CriLine line, byte[] bytes) {
        return new Envelope(
                Arrays.copyOfRange(bytes, line.textFrom(), line.textTo()),
                null,
                line.loggedAt(),
                line.stream());
    }

    private static Decoded<Envelope> fail(
            DeadLetterReason reason,
            String detail,
            byte[] bytes,
            int offset,
            int length,
            long position) {
        return DeadLetters.fail(
                SOURCE_NAME, position, reason, DeadLetters.oneLine(detail), bytes, offset, length);
    }
}
