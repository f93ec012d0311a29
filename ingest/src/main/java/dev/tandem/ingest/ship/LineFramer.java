package dev.tandem.ingest.ship;

import java.util.Arrays;

/**
 * Splits a byte stream, fed in chunks, into lines and says where each line ends in the stream, so
 * that a file offset can be saved once the line is acknowledged. The cap works like {@link
 * dev.tandem.ingest.io.BoundedLineReader}'s: a longer line keeps its first {@code maxLineBytes}
 * bytes and the rest is skipped up to the next line break, so memory stays bounded whatever the
 * input. A trailing {@code \r} is dropped as in {@code \r\n}.
 *
 * <p>The same pass notes NUL bytes (binary data, never in a text log line), so that routing need
 * not look at every byte of the line again.
 *
 * <p>Unlike {@code BoundedLineReader}, an unterminated last piece is held back until {@link
 * #flushPartial} is called: when following a file it is usually a line still being written.
 *
 * <p>Not thread-safe.
 */
final class LineFramer {
    /** Receives each complete line; the buffer is reused after the call returns. */
    interface LineSink {
        /**
         * @param bytes the buffer; only {@code [offset, offset+length)} is the line
         * @param fullLength the line's real length, larger than {@code length} when it was cut
         * @param endOffset the stream offset just past the line's terminator
         * @param containsNul whether {@code [offset, offset+length)} holds a NUL byte
         */
        void line(
                byte[] bytes,
                int offset,
                int length,
                long fullLength,
                long endOffset,
                boolean containsNul)
                throws InterruptedException;
    }

    private final int maxLineBytes;
    private byte[] partial = new byte[4096];
    private int partialLength;
    private long partialFullLength;
    private long position;
    // Where in the current line (counted from its first byte) the first NUL byte is, or -1.
    private long nulAt = -1;

    /**
     * @param maxLineBytes the cap
     * @param startOffset the stream offset of the first byte that will be fed
     */
    LineFramer(int maxLineBytes, long startOffset) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        this.maxLineBytes = maxLineBytes;
        this.position = startOffset;
    }

    /** Splits {@code chunk[offset, offset+length)}, emitting every line it completes. */
    void feed(byte[] chunk, int offset, int length, LineSink sink) throws InterruptedException {
        int end = offset + length;
        int start = offset;
        for (int i = ByteScan.indexOfNewlineOrNul(chunk, start, end);
                i >= 0;
                i = ByteScan.indexOfNewlineOrNul(chunk, i + 1, end)) {
            if (chunk[i] == 0) {
                if (nulAt < 0) {
                    nulAt = partialFullLength + (i - start);
                }
                continue;
            }
            int piece = i - start;
            long endOffset = position + (i + 1 - offset);
            if (partialFullLength == 0) {
                // The common case: the whole line is in this chunk, no copy needed.
                int kept = Math.min(piece, maxLineBytes);
                emit(chunk, start, kept, piece, endOffset, sink);
            } else {
                append(chunk, start, piece);
                emit(partial, 0, partialLength, partialFullLength, endOffset, sink);
                partialLength = 0;
                partialFullLength = 0;
            }
            start = i + 1;
        }
        if (start < end) {
            append(chunk, start, end - start);
        }
        position += length;
    }

    /** Whether bytes after the last line break are waiting for their terminator. */
    boolean hasPartial() {
        return partialFullLength > 0;
    }

    /** Emits the unterminated last piece as a line ending at the current position. */
    void flushPartial(LineSink sink) throws InterruptedException {
        if (partialFullLength == 0) {
            return;
        }
        emit(partial, 0, partialLength, partialFullLength, position, sink);
        partialLength = 0;
        partialFullLength = 0;
    }

    private void emit(
            byte[] bytes, int offset, int kept, long fullLength, long endOffset, LineSink sink)
            throws InterruptedException {
        int length = kept;
        long full = fullLength;
        if (length > 0 && length == full && bytes[offset + length - 1] == '\r') {
            length--;
            full--;
        }
        // Only the kept bytes count, as if the line's first bytes were all there was.
        boolean containsNul = nulAt >= 0 && nulAt < length;
        nulAt = -1;
        sink.line(bytes, offset, length, full, endOffset, containsNul);
    }

    private void append(byte[] chunk, int from, int count) {
        int take = (int) Math.max(0, Math.min(count, maxLineBytes - partialLength));
        if (take > 0) {
            if (partialLength + take > partial.length) {
                partial =
                        Arrays.copyOf(
                                partial,
                                Math.min(
                                        maxLineBytes,
                                        Math.max(partialLength + take, partial.length * 2)));
            }
            System.arraycopy(chunk, from, partial, partialLength, take);
            partialLength += take;
        }
        partialFullLength += count;
    }
}
