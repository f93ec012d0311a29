package dev.tandem.ingest.decode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * A bounded, lock-free cache from short text to the value a fixed conversion makes of it, looked up
 * straight from a JSON parser's character buffer or a text scanner's UTF-8 bytes, so that a hit
 * allocates nothing.
 *
 * <p>Why: logs repeat themselves. The same namespaces, label pairs, policy strings, methods,
 * clusters and listener addresses come back on nearly every line, and converting each of them
 * afresh (a new {@code String}, a parsed address or policy) was most of a decoder's allocation.
 *
 * <p>Answers never depend on the cache: the conversion is fixed at construction and must depend on
 * the text alone, a hit compares every character of the key, and values must be immutable. So a hit
 * returns what a miss would compute.
 *
 * <p>Thread-safe without locks: a slot holds an immutable entry, and a reader that loses a race
 * with a writer sees the old entry, another entry or nothing, and at worst converts again. Memory
 * is bounded: at most {@code slots} entries of at most {@link #MAX_KEY_CHARS} characters; longer
 * text is converted every time. Slots are two-way associative: a new entry goes first in its pair
 * and the older first moves second, so two keys that hash alike can both stay.
 *
 * <p>A cache made with {@code admitOnSecondSight} keeps a key only once it has missed twice in a
 * row at its slot pair, so that values that rarely repeat (paths with ids) cost their conversion
 * alone, not also a copy of their key and an entry that is evicted before it is used.
 */
public final class ValueCache<V> {
    /** Longer text is not worth caching: it is rarely repeated and would pin memory. */
    public static final int MAX_KEY_CHARS = 256;

    private static final int P1 = 31;
    private static final int P2 = P1 * P1;
    private static final int P3 = P2 * P1;
    private static final int P4 = P3 * P1;

    private final Entry<V>[] entries;
    private final int[] lastMiss;
    private final int shift;
    private final Function<String, ? extends V> convert;

    /**
     * A cache of {@code slots} entries (a power of two, at least 2) for {@code convert}, which must
     * be a pure function of its text returning immutable values.
     */
    public ValueCache(int slots, Function<String, ? extends V> convert) {
        this(slots, false, convert);
    }

    /**
     * The same, keeping a key only from its second consecutive miss when {@code
     * admitOnSecondSight}.
     */
    @SuppressWarnings("unchecked")
    public ValueCache(
            int slots, boolean admitOnSecondSight, Function<String, ? extends V> convert) {
        if (Integer.bitCount(slots) != 1 || slots < 2) {
            throw new IllegalArgumentException("slots must be a power of two >= 2: " + slots);
        }
        this.entries = (Entry<V>[]) new Entry<?>[slots];
        this.lastMiss = admitOnSecondSight ? new int[slots / 2] : null;
        this.shift = Integer.SIZE - Integer.numberOfTrailingZeros(slots);
        this.convert = convert;
    }

    /** The value for {@code chars[offset, offset+length)}. */
    public V get(char[] chars, int offset, int length) {
        if (length > MAX_KEY_CHARS) {
            return convert.apply(new String(chars, offset, length));
        }
        int hash = hash(chars, offset, length);
        int first = pair(hash);
        for (int slot = first; slot <= first + 1; slot++) {
            Entry<V> entry = entries[slot];
            if (entry != null
                    && entry.hash == hash
                    && Arrays.equals(
                            entry.chars, 0, entry.chars.length, chars, offset, offset + length)) {
                return entry.value;
            }
        }
        String text = new String(chars, offset, length);
        V value = convert.apply(text);
        if (admit(first, hash)) {
            store(
                    first,
                    new Entry<>(hash, Arrays.copyOfRange(chars, offset, offset + length), value));
        }
        return value;
    }

    /** The value for the UTF-8 text {@code bytes[offset, offset+length)}. */
    public V get(byte[] bytes, int offset, int length) {
        if (length > MAX_KEY_CHARS) {
            return convert.apply(new String(bytes, offset, length, StandardCharsets.UTF_8));
        }
        int hash = hash(bytes, offset, length);
        int ascii = 0;
        for (int i = offset; i < offset + length; i++) {
            ascii |= bytes[i];
        }
        if (ascii < 0) {
            // Not ASCII: one byte is no longer one character. Look the characters up instead.
            char[] chars = new String(bytes, offset, length, StandardCharsets.UTF_8).toCharArray();
            return get(chars, 0, chars.length);
        }
        int first = pair(hash);
        for (int slot = first; slot <= first + 1; slot++) {
            Entry<V> entry = entries[slot];
            if (entry != null && entry.hash == hash && entry.matches(bytes, offset, length)) {
                return entry.value;
            }
        }
        String text = new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
        V value = convert.apply(text);
        if (admit(first, hash)) {
            store(first, new Entry<>(hash, text.toCharArray(), value));
        }
        return value;
    }

    private boolean admit(int first, int hash) {
        if (lastMiss == null) {
            return true;
        }
        int index = first >>> 1;
        if (lastMiss[index] == hash) {
            return true;
        }
        lastMiss[index] = hash;
        return false;
    }

    private void store(int first, Entry<V> entry) {
        entries[first + 1] = entries[first];
        entries[first] = entry;
    }

    /**
     * Fibonacci hashing: the top bits of the hash times 2^32/phi. Keys that differ in one digit
     * ({@code 10.124.1.6:9080}, {@code 10.124.2.6:9080}) have hashes that differ only in their low
     * bits, which a mask alone would often map to one slot. The result is the first slot of a pair.
     */
    private int pair(int hash) {
        return ((hash * 0x9E3779B9) >>> shift) & ~1;
    }

    /**
     * A hash of every character of a key up to 64 long (names of equal length differ anywhere:
     * {@code 0|default|shop/default.allow-cartservice|allow|0} and {@code ...-frontend|...}), and
     * of the first and last 32 characters of a longer one, which spares hashing a 150-character
     * user agent in full. A collision only costs a miss: a hit compares every character.
     *
     * <p>It is the polynomial of {@link String#hashCode} taken four characters a step, so that the
     * multiplications of a step do not wait on each other: a lookup costs about what copying the
     * text out would, and hits are most lookups. The byte lookup computes the same hash for ASCII.
     */
    static int hash(char[] chars, int offset, int length) {
        if (length <= 64) {
            return polynomial(chars, offset, offset + length, length);
        }
        int head = polynomial(chars, offset, offset + 32, length);
        return polynomial(chars, offset + length - 32, offset + length, head);
    }

    private static int polynomial(char[] chars, int from, int to, int seed) {
        int hash = seed;
        int i = from;
        for (; i + 3 < to; i += 4) {
            hash = P4 * hash + P3 * chars[i] + P2 * chars[i + 1] + P1 * chars[i + 2] + chars[i + 3];
        }
        for (; i < to; i++) {
            hash = P1 * hash + chars[i];
        }
        return hash;
    }

    private static int hash(byte[] bytes, int offset, int length) {
        if (length <= 64) {
            return polynomial(bytes, offset, offset + length, length);
        }
        int head = polynomial(bytes, offset, offset + 32, length);
        return polynomial(bytes, offset + length - 32, offset + length, head);
    }

    private static int polynomial(byte[] bytes, int from, int to, int seed) {
        int hash = seed;
        int i = from;
        for (; i + 3 < to; i += 4) {
            hash =
                    P4 * hash
                            + P3 * (bytes[i] & 0xFF)
                            + P2 * (bytes[i + 1] & 0xFF)
                            + P1 * (bytes[i + 2] & 0xFF)
                            + (bytes[i + 3] & 0xFF);
        }
        for (; i < to; i++) {
            hash = P1 * hash + (bytes[i] & 0xFF);
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

        /** True when the ASCII {@code bytes[offset, offset+length)} spell this entry's key. */
        boolean matches(byte[] bytes, int offset, int length) {
            if (chars.length != length) {
                return false;
            }
            for (int i = 0; i < length; i++) {
                if (chars[i] != bytes[offset + i]) {
                    return false;
                }
            }
            return true;
        }
    }
}
