package dev.tandem.ingest.envoy;

/**
 * A reusable window on a parser's character buffer, so that the timestamp parser can read a JSON
 * value without a String being made for it. Mutable and owned by one thread's {@link
 * JsonRequestDraft}; valid only until the parser moves on.
 */
final class CharsView implements CharSequence {
    private char[] chars;
    private int from;
    private int to;

    /** Points this view at {@code chars[from, to)}. */
    CharsView set(char[] chars, int from, int to) {
        this.chars = chars;
        this.from = from;
        this.to = to;
        return this;
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
        return chars[from + index];
    }

    /** A copy: unlike this view, it stays valid. */
    @Override
    public CharSequence subSequence(int start, int end) {
        if (start < 0 || end > to - from || start > end) {
            throw new IndexOutOfBoundsException("[" + start + ", " + end + ")");
        }
        return new String(chars, from + start, end - start);
    }

    @Override
    public String toString() {
        return new String(chars, from, to - from);
    }
}
