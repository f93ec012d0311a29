package dev.tandem.ingest.envoy;

/**
 * Strict UTF-8 checks for the text scanner: rejects stray continuation bytes, overlong forms,
 * surrogates and code points above U+10FFFF, as the JDK's own decoder would on {@code REPORT}.
 */
final class Utf8 {
    private Utf8() {}

    /**
     * The length of the multi-byte sequence starting at {@code bytes[at]} (a byte at or above
     * 0x80), or -1 when it is not valid UTF-8 or is cut off by {@code end}.
     */
    static int sequenceLength(byte[] bytes, int at, int end) {
        int lead = bytes[at] & 0xFF;
        if (lead < 0xC2) {
            return -1; // a continuation byte, or the lead of an overlong two-byte form
        }
        if (lead < 0xE0) {
            return continuation(bytes, at + 1, end) ? 2 : -1;
        }
        if (lead < 0xF0) {
            if (at + 2 >= end) {
                return -1;
            }
            int second = bytes[at + 1] & 0xFF;
            if ((lead == 0xE0 && second < 0xA0) || (lead == 0xED && second > 0x9F)) {
                return -1; // overlong, or a UTF-16 surrogate
            }
            return continuation(bytes, at + 1, end) && continuation(bytes, at + 2, end) ? 3 : -1;
        }
        if (lead < 0xF5) {
            if (at + 3 >= end) {
                return -1;
            }
            int second = bytes[at + 1] & 0xFF;
            if ((lead == 0xF0 && second < 0x90) || (lead == 0xF4 && second > 0x8F)) {
                return -1; // overlong, or above U+10FFFF
            }
            return continuation(bytes, at + 1, end)
                            && continuation(bytes, at + 2, end)
                            && continuation(bytes, at + 3, end)
                    ? 4
                    : -1;
        }
        return -1;
    }

    private static boolean continuation(byte[] bytes, int at, int end) {
        return at < end && (bytes[at] & 0xC0) == 0x80;
    }
}
