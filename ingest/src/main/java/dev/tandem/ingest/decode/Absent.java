package dev.tandem.ingest.decode;

/** Calico and Envoy both write {@code -} for "no value"; Tandem uses null for it everywhere. */
public final class Absent {
    private Absent() {}

    /** Null for null, empty and {@code -}; the value otherwise. */
    public static String toNull(String value) {
        if (value == null || value.isEmpty() || (value.length() == 1 && value.charAt(0) == '-')) {
            return null;
        }
        return value;
    }
}
