package dev.tandem.ingest.detect;

/** The formats a single log line can be in, as {@link LineFormatSniffer} tells them apart. */
public enum LineFormat {
    /** A Calico Enterprise/Cloud flow log record. */
    CALICO_JSON("a Calico flow log record"),
    /** A Calico open-source Goldmane flow. */
    GOLDMANE_JSON("a Goldmane flow"),
    /** Istio's JSON access log encoding. */
    ENVOY_JSON("an Envoy/Istio JSON access log line"),
    /** Istio's default TEXT access log format. */
    ENVOY_TEXT("an Envoy/Istio TEXT access log line"),
    /** A container runtime (CRI) log line wrapping another line. */
    CRI_ENVELOPE("a CRI container log line"),
    /** A Fluent Bit record (kubernetes filter) wrapping another line. */
    FLUENT_BIT_ENVELOPE("a Fluent Bit record"),
    /** Felix's syslog policy log: recognised, not read (it is not a flow log). */
    FELIX_SYSLOG("a Calico Felix syslog line"),
    /** Istio ambient mode's ztunnel log: recognised, not read (no sidecar in ambient mode). */
    ZTUNNEL("an Istio ambient ztunnel log line"),
    /** Nothing Tandem knows. */
    UNKNOWN("unknown");

    private final String description;

    LineFormat(String description) {
        this.description = description;
    }

    /** How a person would name the format, for dead-letter details. */
    public String description() {
        return description;
    }
}
