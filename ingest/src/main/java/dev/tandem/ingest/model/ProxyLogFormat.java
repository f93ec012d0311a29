package dev.tandem.ingest.model;

/** How an access log line was written. */
public enum ProxyLogFormat {
    /** Istio's default TEXT format (1.9 and later). */
    TEXT,
    /** Istio's JSON encoding of the same fields. */
    JSON
}
