package dev.tandem.ingest.decode;

/**
 * Bounds every decoder respects, so that hostile input costs a dead letter and bounded memory,
 * never an out-of-memory error or a stack overflow.
 */
public final class DecoderLimits {
    /**
     * The largest single record a decoder reads: 1 MiB, Kafka's default message size. Real flow
     * logs and access log lines are a few KB; anything near this is broken or hostile.
     */
    public static final int MAX_RECORD_BYTES = 1 << 20;

    /** The deepest JSON nesting accepted. The formats Tandem reads nest at most 4 levels. */
    public static final int MAX_JSON_DEPTH = 32;

    /** The most labels kept per endpoint; Kubernetes objects rarely carry more than a few dozen. */
    public static final int MAX_LABELS = 256;

    /** The most entries kept in any other list (policies, process names, IPs). */
    public static final int MAX_LIST_ENTRIES = 1024;

    private DecoderLimits() {}
}
