package dev.tandem.jobs.kafka;

import java.io.Serializable;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@code tandem correlate} connects to Kafka and where it writes.
 *
 * @param bootstrapServers Kafka brokers, {@code host:port[,host:port]}
 * @param groupId the consumer group whose committed offsets a restarted job resumes from
 * @param transactionalIdPrefix prefix of the exactly-once sink's transactional ids; two jobs
 *     writing the same cluster need different prefixes
 * @param realert how long after an alert the same edge and verdict may alert again
 * @param archiveUri where the Parquet edge archive goes, or null for no archive
 * @param bounded read each topic up to its end offset at start, then finish (tests and replays);
 *     false runs until stopped
 */
public record KafkaCorrelateSettings(
        String bootstrapServers,
        String groupId,
        String transactionalIdPrefix,
        Duration realert,
        String archiveUri,
        boolean bounded)
        implements Serializable {
    public KafkaCorrelateSettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(transactionalIdPrefix, "transactionalIdPrefix");
        Objects.requireNonNull(realert, "realert");
        if (bootstrapServers.isBlank()) {
            throw new IllegalArgumentException("bootstrap servers must not be blank");
        }
        if (realert.isNegative() || realert.isZero()) {
            throw new IllegalArgumentException("re-alert period must be positive, was " + realert);
        }
    }

    /** Unbounded, group and transactional ids {@code tandem-correlate}, alerts again after 1 h. */
    public static KafkaCorrelateSettings of(String bootstrapServers) {
        return new KafkaCorrelateSettings(
                bootstrapServers,
                "tandem-correlate",
                "tandem-correlate",
                Duration.ofHours(1),
                null,
                false);
    }

    public KafkaCorrelateSettings withArchive(String uri) {
        return new KafkaCorrelateSettings(
                bootstrapServers, groupId, transactionalIdPrefix, realert, uri, bounded);
    }

    public KafkaCorrelateSettings withRealert(Duration period) {
        return new KafkaCorrelateSettings(
                bootstrapServers, groupId, transactionalIdPrefix, period, archiveUri, bounded);
    }

    /** These settings with bounded sources: the job reads what is there and finishes. */
    public KafkaCorrelateSettings asBounded() {
        return new KafkaCorrelateSettings(
                bootstrapServers, groupId, transactionalIdPrefix, realert, archiveUri, true);
    }
}
