package dev.tandem.ingest.ship;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds one byte value in a byte range eight bytes at a time ("SWAR": a zero byte in {@code word ^
 * pattern} is a match). The shipper looks at every byte it ships twice (for the line break, and for
 * NUL bytes that mark binary data); a byte-at-a-time loop there cost more than the producer's own
 * work per line.
 */
final class ByteScan {
    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private ByteScan() {}

    /** The index of the first {@code target} in {@code bytes[from, end)}, or -1. */
    static int indexOf(byte[] bytes, int from, int end, byte target) {
        long pattern = (target & 0xFFL) * ONES;
        int i = from;
        for (int last = end - Long.BYTES; i <= last; i += Long.BYTES) {
            long word = (long) LONGS.get(bytes, i) ^ pattern;
            // Exact for the lowest matching byte: a borrow only runs towards higher bytes, and the
            // words are read little-endian, so the lowest byte is the first in the array.
            long found = (word - ONES) & ~word & HIGHS;
            if (found != 0) {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < end; i++) {
            if (bytes[i] == target) {
                return i;
            }
        }
        return -1;
    }
}
