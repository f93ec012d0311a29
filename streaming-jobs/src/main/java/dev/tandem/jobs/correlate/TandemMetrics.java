package dev.tandem.jobs.correlate;

import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The names of Tandem's metrics in Flink's metric system. Every metric sits in the group {@value
 * #GROUP} of the operator that produces it; a dimension (source, reason, verdict) is a key-value
 * group, which reporters turn into a label (Prometheus: {@code source="flows"}). The meaning of
 * each metric is listed in {@code docs/correlation.md}.
 */
public final class TandemMetrics {
    /** The group every Tandem metric is registered under. */
    public static final String GROUP = "tandem";

    /** Counter: records taken in, with a {@value #SOURCE} dimension. */
    public static final String RECORDS_IN = "recordsIn";

    /** Counter: dead letters, with a {@value #REASON} dimension. */
    public static final String DEAD_LETTERS = "deadLetters";

    /** Counter: judged edge windows, with a {@value #VERDICT} dimension. */
    public static final String VERDICTS = "verdicts";

    /** Gauge: processing time minus the current watermark, with a {@value #SOURCE} dimension. */
    public static final String WATERMARK_LAG = "watermarkLagMillis";

    /** Gauge: per-stream decoders an {@link EvidenceDecoder} holds. */
    public static final String DECODER_STREAMS = "decoderStreams";

    /** Gauge: IP addresses in the {@link EndpointResolver}'s inventory. */
    public static final String INVENTORY_IPS = "inventoryIps";

    /** Gauge: entries of all IP histories in the {@link EndpointResolver}'s inventory. */
    public static final String INVENTORY_ENTRIES = "inventoryEntries";

    /** Gauge: evidence the {@link EndpointResolver} holds back until the inventory is current. */
    public static final String PENDING_EVIDENCE = "pendingEvidence";

    /** Gauge: edges with at least one open window in an {@link EdgeWindowBuilder}. */
    public static final String OPEN_EDGES = "openEdges";

    /** Gauge: windows an {@link EdgeWindowBuilder} holds (open or kept as a neighbour). */
    public static final String OPEN_WINDOWS = "openWindows";

    public static final String SOURCE = "source";
    public static final String REASON = "reason";
    public static final String VERDICT = "verdict";

    private TandemMetrics() {}

    /** The {@value #GROUP} group of an operator's metric group. */
    public static MetricGroup group(MetricGroup operator) {
        return operator.addGroup(GROUP);
    }

    /** The {@value #RECORDS_IN} counter of one source. */
    public static Counter recordsIn(MetricGroup operator, String source) {
        return group(operator).addGroup(SOURCE, source).counter(RECORDS_IN);
    }
}
