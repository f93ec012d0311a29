package dev.tandem.ingest.envelope;

/**
 * Encodes a slice of Jackson's character buffer to UTF-8 without building a {@code String} first:
 * the {@code log} field is the largest value of a Fluent Bit record, and a String copy of it would
 * be most of the record's allocation.
 */
final class Utf8Chars {
    private Utf8Chars() {}

    /**
     * The UTF-8 bytes of {@code chars[offset, offset+length)}. A lone surrogate (possible in JSON
     * through {@code \ud800} escapes) becomes {@code ?}, as {@code String.getBytes} does.
     */
    static byte[] encode(char[] chars, int offset, int length) {
        int end = offset + length;
        byte[] out = new byte[encodedLength(chars, offset, end)];
        int o = 0;
        for (int i = offset; i < end; i++) {
            char c = chars[i];
            if (c < 0x80) {
                out[o++] = (byte) c;
            } else if (c < 0x800) {
                out[o++] = (byte) (0xC0 | (c >> 6));
                out[o++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < end
                    && Character.isLowSurrogate(chars[i + 1])) {
                int cp = Character.toCodePoint(c, chars[++i]);
                out[o++] = (byte) (0xF0 | (cp >> 18));
                out[o++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                out[o++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                out[o++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                out[o++] = '?';
            } else {
                out[o++] = (byte) (0xE0 | (c >> 12));
                out[o++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                out[o++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        return out;
    }

    private static int encodedLength(char[] chars, int offset, int end) {
        int n = 0;
        for (int i = offset; i < end; i++) {
            char c = chars[i];
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < end
                    && Character.isLowSurrogate(chars[i + 1])) {
                n += 4;
                i++;
            } else if (Character.isSurrogate(c)) {
                n++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
