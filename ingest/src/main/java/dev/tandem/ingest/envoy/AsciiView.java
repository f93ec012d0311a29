package dev.tandem.ingest.envoy;

/**
 * A byte range read as characters one byte each, so that the timestamp parser can read a field
 * without a String being made for it. Only meant for ASCII fields: a non-ASCII byte reads as a
 * Latin-1 character, which no ASCII grammar accepts.
 */
final class AsciiView implements CharSequence {
    private final byte[] bytes;
    private final int from;
    private final int to;

    AsciiView(byte[] bytes, int from, int to) {
        this.bytes = bytes;
        this.from = from;
        this.to = to;
    }

    @Override
    public int length() {
        return to - from;
    }

    @Override
    public char charAt(int index) {
        if (index < 0 || index >= to - from) {
            throw new IndexOutOfBoundsException(index);
        }
        return (char) (bytes[from + index] & 0xFF);
    }

    @Override
    public CharSequence subSequence(int start, int end) {
        if (start < 0 || end > to - from || start > end) {
            throw new IndexOutOfBoundsException("[" + start + ", " + end + ")");
        }
        return new AsciiView(bytes, from + start, from + end);
    }

    @Override
    public String toString() {
        return new String(bytes, from, to - from, java.nio.charset.StandardCharsets.ISO_8859_1);
    }
}
