package dev.tandem.ingest.decode;

import dev.tandem.ingest.model.Labels;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * A bounded, lock-free cache from a sequence of label pairs, as read, to the sorted {@link Labels}
 * built from it. A workload's labels come back on every flow it is part of; building the sorted map
 * once per distinct set instead of once per line is most of what label decoding costs.
 *
 * <p>Same concurrency contract as {@link ValueCache}: immutable entries, benign races.
 */
final class LabelSetCache {
    /** One {@code key=value} label as read; both parts are shared through a {@link ValueCache}. */
    record Pair(String key, String value) {}

    private final Entry[] entries;
    private final int mask;

    /** A cache of {@code slots} entries; a power of two. */
    LabelSetCache(int slots) {
        if (Integer.bitCount(slots) != 1) {
            throw new IllegalArgumentException("slots must be a power of two: " + slots);
        }
        this.entries = new Entry[slots];
        this.mask = slots - 1;
    }

    /**
     * The labels for {@code pairs[0, count)}; when a key repeats, the last value wins, as it would
     * in the map the labels came from.
     */
    Labels get(Pair[] pairs, int count) {
        if (count == 0) {
            return Labels.empty();
        }
        int hash = 1;
        for (int i = 0; i < count; i++) {
            hash = 31 * hash + pairs[i].key.hashCode();
            hash = 31 * hash + pairs[i].value.hashCode();
        }
        int slot = (hash ^ (hash >>> 16)) & mask;
        Entry entry = entries[slot];
        if (entry != null && entry.hash == hash && entry.matches(pairs, count)) {
            return entry.labels;
        }
        TreeMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            map.put(pairs[i].key, pairs[i].value);
        }
        Labels labels = Labels.of(map);
        entries[slot] = new Entry(hash, Arrays.copyOf(pairs, count), labels);
        return labels;
    }

    private static final class Entry {
        final int hash;
        final Pair[] pairs;
        final Labels labels;

        Entry(int hash, Pair[] pairs, Labels labels) {
            this.hash = hash;
            this.pairs = pairs;
            this.labels = labels;
        }

        boolean matches(Pair[] other, int count) {
            if (pairs.length != count) {
                return false;
            }
            for (int i = 0; i < count; i++) {
                // Pairs usually come from the same ValueCache entry: identity settles most.
                if (pairs[i] != other[i] && !pairs[i].equals(other[i])) {
                    return false;
                }
            }
            return true;
        }
    }
}
