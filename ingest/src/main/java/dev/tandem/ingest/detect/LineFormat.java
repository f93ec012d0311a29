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
    FELIX_SYSLOG(
            "a Calico Felix syslog line",
            "a Calico Felix syslog policy log line, not a flow log: enable Felix flow logs"
                    + " (flowLogsFileEnabled) or ship Goldmane flows"),
    /** Istio ambient mode's ztunnel log: recognised, not read (no sidecar in ambient mode). */
    ZTUNNEL(
            "an Istio ambient ztunnel log line",
            "an Istio ambient-mode ztunnel log line: Tandem reads Envoy sidecar access logs"),
    /** Nothing Tandem knows. */
    UNKNOWN(
            "unknown",
            "fits none of the formats Tandem reads: expected a Calico flow log record, a Goldmane"
                    + " flow, or an Envoy/Istio access log line (TEXT or JSON), bare or in a CRI or"
                    + " Fluent Bit envelope");

    private final String description;
    private final String unreadableBecause;

    LineFormat(String description) {
        this(description, null);
    }

    LineFormat(String description, String unreadableBecause) {
        this.description = description;
        this.unreadableBecause = unreadableBecause;
    }

    /**
     * For a format Tandem recognises but does not read (or does not recognise at all), the one-line
     * reason its dead letters give; null for the formats Tandem reads.
     */
    public String unreadableBecause() {
        return unreadableBecause;
    }

    /** How a person would name the format, for dead-letter details. */
    public String description() {
        return description;
    }
}
