package dev.tandem.ingest.calico;

import java.util.Arrays;
import java.util.function.Function;

/**
 * A bounded, lock-free cache from short text to a value derived from it, looked up straight from a
 * parser's character buffer so that a hit allocates nothing.
 *
 * <p>Why: flow logs repeat themselves. The same namespaces, aggregated names, label pairs and
 * policy strings come back on nearly every line, and building a fresh {@code String} (and a fresh
 * {@code PolicyHit}) for each of them was most of a decoder's allocation.
 *
 * <p>Thread-safe without locks: a slot holds an immutable entry, and a reader that loses a race
 * with a writer sees the old entry, another entry or nothing, and at worst computes the value
 * again. Values must be immutable. The cache holds at most {@code slots} entries of at most {@link
 * #MAX_KEY_CHARS} characters each; a colliding key replaces the slot's entry.
 */
public final class TextCache<V> {
    /** Longer text is not worth caching: it is rarely repeated and would pin memory. */
    public static final int MAX_KEY_CHARS = 256;

    private final Entry<V>[] entries;
    private final int mask;

    /** A cache of {@code slots} entries; a power of two. */
    @SuppressWarnings("unchecked")
    public TextCache(int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        this.entries = (Entry<V>[]) new Entry<?>[slots];
        this.mask = slots - 1;
    }

    /**
     * The value for {@code chars[offset, offset+length)}, computing and remembering it from the
     * text on a miss.
     */
    public V get(char[] chars, int offset, int length, Function<String, V> compute) {
        if (length > MAX_KEY_CHARS) {
            return compute.apply(new String(chars, offset, length));
        }
        int hash = hash(chars, offset, length);
        int slot = (hash ^ (hash >>> 16)) & mask;
        Entry<V> entry = entries[slot];
        if (entry != null
                && entry.hash == hash
                && Arrays.equals(
                        entry.chars, 0, entry.chars.length, chars, offset, offset + length)) {
            return entry.value;
        }
        String key = new String(chars, offset, length);
        V value = compute.apply(key);
        entries[slot] =
                new Entry<>(hash, Arrays.copyOfRange(chars, offset, offset + length), value);
        return value;
    }

    /**
     * A hash of the length and of at most the first and last eight characters: constant work
     * however long the text. Keys that differ only in their middle share a slot and evict each
     * other, which costs a miss, never a wrong answer: a hit compares every character.
     */
    static int hash(char[] chars, int offset, int length) {
        int hash = length;
        int end = offset + length;
        int head = Math.min(end, offset + 8);
        for (int i = offset; i < head; i++) {
            hash = 31 * hash + chars[i];
        }
        for (int i = Math.max(head, end - 8); i < end; i++) {
            hash = 31 * hash + chars[i];
        }
        return hash;
    }

    private static final class Entry<V> {
        final int hash;
        final char[] chars;
        final V value;

        Entry(int hash, char[] chars, V value) {
            this.hash = hash;
            this.chars = chars;
            this.value = value;
        }
    }
}
