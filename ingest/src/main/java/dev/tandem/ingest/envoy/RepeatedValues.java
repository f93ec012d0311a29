package dev.tandem.ingest.envoy;

import dev.tandem.ingest.model.UpstreamCluster;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Function;

/**
 * Remembers recently seen field values per thread, so that the values a sidecar repeats on nearly
 * every line (method, protocol, its own listener address, the cluster, the SNI, the authority, the
 * user agent, the path) are converted once rather than once per line: a hit makes no new String,
 * address or cluster. This is what keeps a decoded record within the allocation budget (about 1.5
 * KB) and spares the address and cluster parsers most of their work.
 *
 * <p>Each {@link Kind} has its own small two-way set-associative table, so values that rarely
 * repeat (paths with ids) only evict their own kind. A slot holds the value's bytes (for the TEXT
 * scanner) and characters (for Jackson) together with what they converted to, so either decoder can
 * hit it. Values longer than {@link #MAX_LENGTH} are converted every time, which bounds memory
 * (under 0.6 MB per thread). A hit returns a value equal to what a miss builds, so a result never
 * depends on what the thread decoded before. Values that differ on every line (request ids,
 * ephemeral addresses, times) are not looked up here at all.
 */
final class RepeatedValues {
    /** The longest value remembered; longer ones are converted every time. */
    static final int MAX_LENGTH = 192;

    /** The kinds of repeated values, each with its conversion and table size. */
    enum Kind {
        /** Method, protocol, response flags and details, route name: a handful of words. */
        WORD(128, text -> text),
        /** Authority, SNI, forwarded-for, failure reasons. */
        NAME(256, text -> text),
        USER_AGENT(64, text -> text),
        PATH(128, text -> text),
        UPSTREAM_HOST(128, text -> ProxyFields.address(ProxyFields.UPSTREAM_HOST, text)),
        DOWNSTREAM_LOCAL_ADDRESS(
                128, text -> ProxyFields.address(ProxyFields.DOWNSTREAM_LOCAL_ADDRESS, text)),
        /** The upstream cluster, taken apart ({@code NONE} when absent). */
        UPSTREAM_CLUSTER(128, UpstreamCluster::parse);

        private final int slots;
        private final Function<String, Object> convert;

        Kind(int slots, Function<String, Object> convert) {
            this.slots = slots;
            this.convert = convert;
        }
    }

    private static final ThreadLocal<RepeatedValues> PER_THREAD =
            ThreadLocal.withInitial(RepeatedValues::new);

    private final Table[] tables = new Table[Kind.values().length];

    private RepeatedValues() {
        for (Kind kind : Kind.values()) {
            tables[kind.ordinal()] = new Table(kind.slots, kind.convert);
        }
    }

    /** This thread's tables. */
    static RepeatedValues get() {
        return PER_THREAD.get();
    }

    /**
     * The converted value of {@code bytes[from, to)}, which must be valid UTF-8; absent values
     * ({@code -}, empty) convert as null does.
     *
     * @throws Rejection when the value does not convert (a malformed address)
     */
    Object get(Kind kind, byte[] bytes, int from, int to) {
        return tables[kind.ordinal()].lookup(bytes, from, to);
    }

    /** The same for characters, as Jackson hands them out. */
    Object get(Kind kind, char[] chars, int from, int to) {
        return tables[kind.ordinal()].lookup(chars, from, to);
    }

    /** Converts a value that did not come as plain text (a JSON number or null), uncached. */
    static Object convert(Kind kind, String text) {
        return kind.convert.apply(text);
    }

    /** One kind's table. */
    private static final class Table {
        private final byte[][] byteKeys;
        private final char[][] charKeys;
        private final Object[] values;
        private final int shift;
        private final Function<String, Object> convert;

        Table(int slots, Function<String, Object> convert) {
            this.byteKeys = new byte[slots][];
            this.charKeys = new char[slots][];
            this.values = new Object[slots];
            this.shift = Integer.SIZE - Integer.numberOfTrailingZeros(slots);
            this.convert = convert;
        }

        Object lookup(byte[] bytes, int from, int to) {
            int length = to - from;
            if (length == 0 || (length == 1 && bytes[from] == '-')) {
                return convert.apply(null);
            }
            if (length > MAX_LENGTH) {
                return convert.apply(new String(bytes, from, length, StandardCharsets.UTF_8));
            }
            int first = slot(bytes, from, to);
            for (int slot = first; slot <= first + 1; slot++) {
                byte[] key = byteKeys[slot];
                if (key != null && Arrays.equals(key, 0, key.length, bytes, from, to)) {
                    return values[slot];
                }
            }
            String text = new String(bytes, from, length, StandardCharsets.UTF_8);
            Object value = convert.apply(text);
            store(first, Arrays.copyOfRange(bytes, from, to), text.toCharArray(), value);
            return value;
        }

        Object lookup(char[] chars, int from, int to) {
            int length = to - from;
            if (length == 0 || (length == 1 && chars[from] == '-')) {
                return convert.apply(null);
            }
            if (length > MAX_LENGTH) {
                return convert.apply(new String(chars, from, length));
            }
            int slot = slot(chars, from, to);
            char[] key = charKeys[slot];
            if (key != null && Arrays.equals(key, 0, key.length, chars, from, to)) {
                return values[slot];
            }
            String text = new String(chars, from, length);
            Object value = convert.apply(text);
            store(
                    slot,
                    text.getBytes(StandardCharsets.UTF_8),
                    Arrays.copyOfRange(chars, from, to),
                    value);
            return value;
        }

        /**
         * Puts a value first in its pair of slots, moving the previous first to second (and so
         * dropping the older second): two values that hash alike can both stay. Both key forms and
         * the value move together, so a slot never pairs one value's key with another's value.
         */
        private void store(int first, byte[] byteKey, char[] charKey, Object value) {
            byteKeys[first + 1] = byteKeys[first];
            charKeys[first + 1] = charKeys[first];
            values[first + 1] = values[first];
            byteKeys[first] = byteKey;
            charKeys[first] = charKey;
            values[first] = value;
        }

        /**
         * A hash of every unit of a value up to 64 long (names of equal length differ anywhere:
         * {@code outbound_.9080_._.details...} and {@code ...ratings...}), and of about 32 evenly
         * spaced units plus the last four of a longer one, which spares hashing a 150-character
         * user agent in full. A collision only costs a miss.
         */
        /**
         * Fibonacci hashing: the top bits of the hash times 2^32/phi. Values that differ in one
         * digit ({@code 10.124.1.6:9080}, {@code 10.124.2.6:9080}) have hashes that differ only in
         * their low bits, which a mask alone would often map to one slot. The result is the first
         * slot of a pair.
         */
        private int spread(int hash) {
            return ((hash * 0x9E3779B9) >>> shift) & ~1;
        }

        private int slot(byte[] bytes, int from, int to) {
            int hash = to - from;
            int step = to - from <= 64 ? 1 : 1 + ((to - from) >>> 5);
            for (int i = from; i < to - 4; i += step) {
                hash = 31 * hash + bytes[i];
            }
            for (int i = Math.max(from, to - 4); i < to; i++) {
                hash = 31 * hash + bytes[i];
            }
            return spread(hash);
        }

        private int slot(char[] chars, int from, int to) {
            int hash = to - from;
            int step = to - from <= 64 ? 1 : 1 + ((to - from) >>> 5);
            for (int i = from; i < to - 4; i += step) {
                hash = 31 * hash + chars[i];
            }
            for (int i = Math.max(from, to - 4); i < to; i++) {
                hash = 31 * hash + chars[i];
            }
            return spread(hash);
        }
    }
}
