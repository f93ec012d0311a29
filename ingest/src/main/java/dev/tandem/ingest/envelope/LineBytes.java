package dev.tandem.ingest.envelope;

import java.nio.charset.StandardCharsets;

/** Byte-level helpers the envelope decoders share for framing lines. */
final class LineBytes {
    private static final int PREVIEW_BYTES = 80;

    private LineBytes() {}

    /**
     * The end of {@code bytes[offset, offset+length)} without one line terminator ({@code \n},
     * {@code \r\n} or {@code \r}). Readers usually frame lines without it; some hand it over.
     */
    static int endWithoutTerminator(byte[] bytes, int offset, int length) {
        int end = offset + length;
        if (end > offset && bytes[end - 1] == '\n') {
            end--;
        }
        if (end > offset && bytes[end - 1] == '\r') {
            end--;
        }
        return end;
    }

    /** True when {@code bytes[from, to)} holds nothing but spaces, tabs and line breaks. */
    static boolean isBlank(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }

    /** The start of a line as text, for messages: at most 80 bytes, malformed UTF-8 replaced. */
    static String preview(byte[] bytes) {
        if (bytes.length <= PREVIEW_BYTES) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return new String(bytes, 0, PREVIEW_BYTES, StandardCharsets.UTF_8) + "...";
    }
}
