package dev.tandem.ingest.ship;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds line breaks and NUL bytes eight bytes at a time ("SWAR": a zero byte in {@code word} or in
 * {@code word ^ pattern} is a match). The shipper looks at every byte it ships; a byte-at-a-time
 * loop there cost more than the producer's own work per line.
 */
final class ByteScan {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private ByteScan() {}

    /**
     * The index of the first line break or NUL byte in {@code bytes[from, end)}, or -1: one pass
     * that both frames lines and finds binary data (NUL bytes are rare, so the loop costs about as
     * much as a search for one value).
     */
    static int indexOfNewlineOrNul(byte[] bytes, int from, int end) {
        long newlines = '\n' * ONES;
        int i = from;
        for (int last = end - Long.BYTES; i <= last; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i);
            long other = word ^ newlines;
            // Exact for the lowest match: a borrow only runs towards higher bytes, and the words
            // are read little-endian, so the lowest byte is the first in the array.
            long found = (((word - ONES) & ~word) | ((other - ONES) & ~other)) & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < end; i++) {
            if (bytes[i] == '\n' || bytes[i] == 0) {
                return i;
            }
        }
        return -1;
    }
}
