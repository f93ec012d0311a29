package dev.tandem.ingest.text;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The one strict UTF-8 check every decoder applies to a line's raw bytes: well-formed as the
 * Unicode standard defines it (chapter 3, table 3-7), so no stray continuation bytes, no overlong
 * forms, no UTF-16 surrogates, nothing above U+10FFFF and no sequence cut off by the end of the
 * line; the JDK's own decoder on {@code REPORT} draws the same line.
 *
 * <p>Why the JSON decoders cannot leave this to Jackson: its UTF-8 parser checks lead and
 * continuation bytes but not the value they make, so it reads the overlong {@code C0 AF} as {@code
 * /} (a classic way past path normalisation) and turns surrogates or code points above U+10FFFF
 * into {@code ?}. A record decoded from such bytes would carry a path or name that the proxy never
 * saw.
 */
public final class Utf8 {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH_BITS = 0x8080808080808080L;

    private Utf8() {}

    /**
     * Where the first byte of {@code bytes[from, to)} that does not begin a well-formed sequence
     * sits, or -1 when the whole range is well-formed.
     *
     * <p>Log lines are nearly all ASCII, and this runs once per line on the decoders' hottest path:
     * runs of ASCII are skipped a word at a time ({@link #skipAscii}), so an ASCII line costs one
     * tight pass and the sequence checks start at its first byte at or above 0x80.
     */
    public static int firstMalformed(byte[] bytes, int from, int to) {
        int i = skipAscii(bytes, from, to);
        while (i < to) {
            int length = sequenceLength(bytes, i, to);
            if (length < 0) {
                return i;
            }
            i = skipAscii(bytes, i + length, to);
        }
        return -1;
    }

    /**
     * The first index from {@code from} whose byte is at or above 0x80, or {@code to}. Four words
     * per step while they are all ASCII (one branch for 32 bytes), then one word to find the byte.
     */
    private static int skipAscii(byte[] bytes, int from, int to) {
        int i = from;
        for (; i <= to - 4 * Long.BYTES; i += 4 * Long.BYTES) {
            long any =
                    word(bytes, i) | word(bytes, i + 8) | word(bytes, i + 16) | word(bytes, i + 24);
            if ((any & HIGH_BITS) != 0) {
                break;
            }
        }
        while (i <= to - Long.BYTES) {
            long high = word(bytes, i) & HIGH_BITS;
            if (high != 0) {
                return i + (Long.numberOfTrailingZeros(high) >>> 3); // little-endian: first byte
            }
            i += Long.BYTES;
        }
        while (i < to && bytes[i] >= 0) {
            i++;
        }
        return i;
    }

    private static long word(byte[] bytes, int at) {
        return (long) LONGS.get(bytes, at);
    }

    /**
     * The length of the multi-byte sequence starting at {@code bytes[at]} (a byte at or above
     * 0x80), or -1 when it is not well-formed or is cut off by {@code end}.
     */
    public static int sequenceLength(byte[] bytes, int at, int end) {
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
        return -1; // F5-FF start nothing: above U+10FFFF, or never part of UTF-8
    }

    /**
     * The dead letter detail for the malformed byte {@code bytes[at]}, worded alike by every
     * decoder; {@code column} is its 1-based byte offset in the line.
     */
    public static String malformedDetail(byte[] bytes, int at, int column) {
        return "invalid UTF-8 byte 0x"
                + String.format("%02X", bytes[at] & 0xFF)
                + " at column "
                + column;
    }

    private static boolean continuation(byte[] bytes, int at, int end) {
        return at < end && (bytes[at] & 0xC0) == 0x80;
    }
}
