package dev.tandem.ingest.model;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Kubernetes labels of a pod or endpoint: an immutable map, sorted by key so that everything built
 * from it (JSON, YAML, selectors) comes out in the same order on every run.
 */
public final class Labels {
    /** The label Istio puts on every pod whose sidecar terminates mTLS. */
    public static final String ISTIO_TLS_MODE = "security.istio.io/tlsMode";

    private static final Labels EMPTY = new Labels(Collections.emptySortedMap());

    private final SortedMap<String, String> entries;

    private Labels(SortedMap<String, String> entries) {
        this.entries = entries;
    }

    public static Labels empty() {
        return EMPTY;
    }

    public static Labels of(Map<String, String> entries) {
        if (entries == null || entries.isEmpty()) {
            return EMPTY;
        }
        return new Labels(Collections.unmodifiableSortedMap(new TreeMap<>(entries)));
    }

    /**
     * Reads labels in Calico's {@code key=value} form. An entry without {@code =} is a key with an
     * empty value, as {@code kubectl} prints it.
     */
    public static Labels fromPairs(Iterable<String> pairs) {
        TreeMap<String, String> map = new TreeMap<>();
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                map.put(pair, "");
            } else {
                map.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return map.isEmpty() ? EMPTY : new Labels(Collections.unmodifiableSortedMap(map));
    }

    public String get(String key) {
        return entries.get(key);
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }

    public int size() {
        return entries.size();
    }

    /** The labels, sorted by key, read-only. */
    public SortedMap<String, String> asMap() {
        return entries;
    }

    /** True when Istio marked the pod as having a sidecar that speaks mTLS. */
    public boolean carriesIstioSidecar() {
        return "istio".equals(entries.get(ISTIO_TLS_MODE));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Labels && entries.equals(((Labels) other).entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return entries.toString();
    }
}
