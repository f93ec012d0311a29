package dev.tandem.ingest.inventory;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Counts the bytes read and refuses to go past a limit, so that a runaway input costs at most the
 * limit. Keeps the first bytes it passed on, for the dead letter of an input that fails as a whole.
 */
final class BoundedInputStream extends FilterInputStream {
    private final long limit;
    private final byte[] prefix;
    private int prefixLength;
    private long count;

    BoundedInputStream(InputStream in, long limit, int prefixBytes) {
        super(in);
        this.limit = limit;
        this.prefix = new byte[prefixBytes];
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            counted(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            counted(buffer, offset, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes are bytes too: read them so they are counted.
        byte[] discard = new byte[(int) Math.min(n, 8192)];
        int read = read(discard, 0, discard.length);
        return Math.max(read, 0);
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void counted(byte[] buffer, int offset, int n) throws LimitExceeded {
        if (prefixLength < prefix.length) {
            int copy = Math.min(n, prefix.length - prefixLength);
            System.arraycopy(buffer, offset, prefix, prefixLength, copy);
            prefixLength += copy;
        }
        count += n;
        if (count > limit) {
            throw new LimitExceeded("input exceeds the " + limit + "-byte limit");
        }
    }

    /** The first bytes read, up to the prefix size. */
    byte[] prefix() {
        return Arrays.copyOf(prefix, prefixLength);
    }
}
