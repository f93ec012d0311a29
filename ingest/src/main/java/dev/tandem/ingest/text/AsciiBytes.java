package dev.tandem.ingest.text;

import java.nio.charset.StandardCharsets;

/**
 * Searching a line's raw bytes for ASCII markers before anything is decoded: the sniffer that picks
 * a line's format and the Envoy decoder's explanation of foreign lines both look for fixed words (a
 * CRI stream, a JSON key) in bytes that may not even be UTF-8.
 */
public final class AsciiBytes {
    private AsciiBytes() {}

    /** The bytes of an ASCII constant. */
    public static byte[] of(String ascii) {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * Where {@code needle} (not empty) first starts in {@code bytes[from, end)}, wholly inside it,
     * or -1.
     */
    public static int indexOf(byte[] bytes, int from, int end, byte[] needle) {
        int last = end - needle.length;
        byte head = needle[0];
        outer:
        for (int i = from; i <= last; i++) {
            if (bytes[i] != head) {
                continue;
            }
            for (int k = 1; k < needle.length; k++) {
                if (bytes[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
