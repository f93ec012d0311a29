package dev.tandem.ingest.kafka;

import dev.tandem.ingest.decode.DecoderLimits;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.TopicConfig;

/**
 * Every Kafka topic Tandem reads or writes, in one place (see DESIGN.md, "Data flow"). Partition
 * counts are the defaults for a real cluster; {@link TopicOverrides} changes them per deployment.
 */
public final class Topics {
    /**
     * The largest record batch a topic accepts: one record of {@link
     * DecoderLimits#MAX_RECORD_BYTES} plus 64 KiB for its key, headers and batch framing. Producers
     * writing such records must raise {@code max.request.size} to this too (its default is 1 MiB).
     */
    public static final int MAX_MESSAGE_BYTES = DecoderLimits.MAX_RECORD_BYTES + 64 * 1024;

    /**
     * Calico / Goldmane flow log lines as shipped, one line per record. Three days covers a weekend
     * outage of the correlation job; the archive keeps the long-term record.
     */
    public static final TopicSpec FLOWS_RAW = raw("tandem.flows.raw");

    /** Envoy / Istio access log lines as shipped, one line per record; kept like the flows. */
    public static final TopicSpec PROXY_RAW = raw("tandem.proxy.raw");

    /**
     * Kubernetes pods, services and namespaces, keyed by object: only the latest state per key
     * matters, so the topic is compacted and a new reader rebuilds the whole inventory from it.
     */
    public static final TopicSpec INVENTORY =
            TopicSpec.of(
                    "tandem.inventory",
                    3,
                    CleanupPolicy.COMPACT,
                    -1,
                    Map.of(
                            TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                            Integer.toString(MAX_MESSAGE_BYTES),
                            // A deleted pod's tombstone must outlive a reader's restart, or the
                            // reader never learns the pod is gone.
                            TopicConfig.DELETE_RETENTION_MS_CONFIG,
                            millis(Duration.ofDays(1)),
                            // The active segment is never compacted; the default of 7 days would
                            // let a small inventory topic grow a week of superseded pod states.
                            TopicConfig.SEGMENT_MS_CONFIG,
                            millis(Duration.ofHours(1)),
                            // A deleted pod's final record (its IP validity) must stay readable for
                            // a while after its tombstone: a reader rebuilding the inventory from
                            // scratch needs it to judge flows from the pod's last minutes.
                            TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG,
                            millis(Duration.ofHours(1))));

    /**
     * Input that could not be decoded, with its original bytes and a reason. Kept two weeks: people
     * read it after the fact, and it is replayed once a decoder is fixed.
     */
    public static final TopicSpec DEADLETTER =
            TopicSpec.of(
                    "tandem.deadletter",
                    3,
                    CleanupPolicy.DELETE,
                    Duration.ofDays(14).toMillis(),
                    Map.of(
                            TopicConfig.MAX_MESSAGE_BYTES_CONFIG,
                            Integer.toString(MAX_MESSAGE_BYTES)));

    /** Correlated edge windows with their verdicts; the Parquet archive is the long-term copy. */
    public static final TopicSpec EDGES =
            TopicSpec.of(
                    "tandem.edges",
                    6,
                    CleanupPolicy.DELETE,
                    Duration.ofDays(7).toMillis(),
                    Map.of());

    /**
     * Bypass and plaintext alerts for the notifier. A chat outage may delay delivery for days and
     * must not lose alerts, hence the long retention.
     */
    public static final TopicSpec ALERTS =
            TopicSpec.of(
                    "tandem.alerts",
                    3,
                    CleanupPolicy.DELETE,
                    Duration.ofDays(30).toMillis(),
                    Map.of());

    /** Every topic above, sorted by name. */
    public static final List<TopicSpec> ALL =
            List.of(ALERTS, DEADLETTER, EDGES, FLOWS_RAW, INVENTORY, PROXY_RAW);

    private Topics() {}

    /** A raw log topic: six partitions for parallel shippers and readers, three days kept. */
    private static TopicSpec raw(String name) {
        return TopicSpec.of(
                name,
                6,
                CleanupPolicy.DELETE,
                Duration.ofDays(3).toMillis(),
                Map.of(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(MAX_MESSAGE_BYTES)));
    }

    private static String millis(Duration duration) {
        return Long.toString(duration.toMillis());
    }
}
