package dev.tandem.ingest.io;

import dev.tandem.ingest.decode.DecoderLimits;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a byte stream into lines without ever holding more than a bounded number of bytes: a line
 * longer than the cap is cut at the cap and the rest is skipped up to the next line break, so a 10
 * GB file without line breaks costs the cap, not the heap. Bytes are passed through untouched (no
 * charset decoding), so invalid UTF-8 reaches the decoders and becomes a dead letter there.
 *
 * <p>Not thread-safe. The returned {@link Line} reuses one buffer: copy what you keep.
 */
public final class BoundedLineReader {
    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final int maxLineBytes;
    private final byte[] chunk = new byte[CHUNK];
    private int chunkPos;
    private int chunkLen;
    private byte[] line;
    private long lineNumber;
    private boolean eof;

    public BoundedLineReader(InputStream in) {
        this(in, DecoderLimits.MAX_RECORD_BYTES);
    }

    public BoundedLineReader(InputStream in, int maxLineBytes) {
        if (maxLineBytes < 1) {
            throw new IllegalArgumentException("maxLineBytes must be positive: " + maxLineBytes);
        }
        this.in = in;
        this.maxLineBytes = maxLineBytes;
        this.line = new byte[Math.min(4096, maxLineBytes)];
    }

    /**
     * One line without its terminator ({@code \n} or {@code \r\n}).
     *
     * @param bytes the buffer; only {@code [0, length)} is the line
     * @param length how many bytes of the line were kept (at most the cap)
     * @param number the 1-based line number
     * @param fullLength the line's real length; larger than {@code length} when it was cut
     */
    public record Line(byte[] bytes, int length, long number, long fullLength) {
        /** True when the line was longer than the cap and was cut. */
        public boolean truncated() {
            return fullLength > length;
        }

        /** A copy of the kept bytes. */
        public byte[] copy() {
            return Arrays.copyOf(bytes, length);
        }
    }

    /** The next line, or null at the end of the stream. A last line without a terminator counts. */
    public Line next() throws IOException {
        if (eof && chunkPos >= chunkLen) {
            return null;
        }
        int kept = 0;
        long full = 0;
        boolean sawAny = false;
        while (true) {
            if (chunkPos >= chunkLen) {
                if (!fill()) {
                    if (!sawAny) {
                        return null;
                    }
                    break;
                }
            }
            sawAny = true;
            int start = chunkPos;
            int end = start;
            while (end < chunkLen && chunk[end] != '\n') {
                end++;
            }
            int piece = end - start;
            int room = maxLineBytes - kept;
            if (room > 0) {
                int take = Math.min(room, piece);
                ensureCapacity(kept + take);
                System.arraycopy(chunk, start, line, kept, take);
                kept += take;
            }
            full += piece;
            if (end < chunkLen) {
                chunkPos = end + 1; // past the '\n'
                break;
            }
            chunkPos = chunkLen;
        }
        if (kept > 0 && kept == full && line[kept - 1] == '\r') {
            kept--;
            full--;
        }
        lineNumber++;
        return new Line(line, kept, lineNumber, full);
    }

    private boolean fill() throws IOException {
        if (eof) {
            return false;
        }
        int n = in.read(chunk, 0, CHUNK);
        if (n < 0) {
            eof = true;
            chunkPos = chunkLen = 0;
            return false;
        }
        chunkPos = 0;
        chunkLen = n;
        return true;
    }

    private void ensureCapacity(int needed) {
        if (needed > line.length) {
            line = Arrays.copyOf(line, Math.min(maxLineBytes, Math.max(needed, line.length * 2)));
        }
    }
}
