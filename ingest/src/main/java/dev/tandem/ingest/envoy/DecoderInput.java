package dev.tandem.ingest.envoy;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.DeadLetters;
import dev.tandem.ingest.decode.Decoded;

/** Boundary checks both Envoy decoders make before and after reading a record. */
final class DecoderInput {
    private DecoderInput() {}

    /**
     * A dead letter when the arguments do not describe a range of the array (a caller's bug, but a
     * decoder never throws), null when they do.
     */
    static <T> Decoded<T> failIfBadRange(
            String source, long position, byte[] bytes, int offset, int length) {
        if (bytes != null
                && offset >= 0
                && length >= 0
                && offset <= bytes.length
                && length <= bytes.length - offset) {
            return null;
        }
        return Decoded.failed(
                new DeadLetter(
                        source,
                        position,
                        DeadLetterReason.EMPTY,
                        bytes == null
                                ? "no bytes given (null array)"
                                : "range offset="
                                        + offset
                                        + " length="
                                        + length
                                        + " is outside an array of "
                                        + bytes.length
                                        + " bytes",
                        new byte[0]));
    }

    /** The first index in {@code [from, to)} that is not a space, tab, CR or LF. */
    static int skipBlank(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && isBlank(bytes[i])) {
            i++;
        }
        return i;
    }

    /**
     * {@code to} moved back over trailing spaces, tabs and line endings ({@code \n}, {@code \r\n}).
     */
    static int trimBlank(byte[] bytes, int from, int to) {
        int i = to;
        while (i > from && isBlank(bytes[i - 1])) {
            i--;
        }
        return i;
    }

    /** The detail for an exception no check anticipated: its type and one-line message. */
    static String unexpected(RuntimeException e) {
        return "unexpected "
                + e.getClass().getSimpleName()
                + ": "
                + DeadLetters.oneLine(e.getMessage());
    }

    private static boolean isBlank(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
