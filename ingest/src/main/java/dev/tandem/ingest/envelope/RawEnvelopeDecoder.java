package dev.tandem.ingest.envelope;

import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.DeadLetters;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.decode.Decoder;
import java.util.Arrays;

/**
 * Wraps a line that came without an envelope (an access log file written by Envoy itself, a line
 * piped in by a user): the envelope holds the line as it is, minus its terminator, and knows
 * nothing else. Thread-safe.
 */
public final class RawEnvelopeDecoder implements Decoder<Envelope> {
    /** The source name of this decoder's dead letters. */
    public static final String SOURCE_NAME = "raw";

    @Override
    public Decoded<Envelope> decode(byte[] bytes, int offset, int length, long position) {
        Decoded<Envelope> tooLarge =
                DeadLetters.failIfTooLarge(SOURCE_NAME, position, bytes, offset, length);
        if (tooLarge != null) {
            return tooLarge;
        }
        int end = LineBytes.endWithoutTerminator(bytes, offset, length);
        if (LineBytes.isBlank(bytes, offset, end)) {
            return DeadLetters.fail(
                    SOURCE_NAME,
                    position,
                    DeadLetterReason.EMPTY,
                    "blank line",
                    bytes,
                    offset,
                    length);
        }
        return Decoded.ok(new Envelope(Arrays.copyOfRange(bytes, offset, end), null, null, null));
    }

    @Override
    public String sourceName() {
        return SOURCE_NAME;
    }
}
