package dev.tandem.ingest.kafka;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.kafka.common.config.TopicConfig;

/**
 * What a Tandem topic must look like: its name, how many partitions it is created with, how old
 * records are cleaned up and kept, and any further topic-level config it needs.
 *
 * @param name the topic name
 * @param partitions the partition count to create it with; an existing topic may have more
 * @param cleanupPolicy how old records are cleaned up; an existing topic must match it exactly
 * @param retentionMs how long records are kept ({@code retention.ms}), -1 for ever
 * @param configs further topic configs (for example {@code max.message.bytes}), sorted by key; not
 *     {@code cleanup.policy} or {@code retention.ms}, which are the typed fields above
 */
public record TopicSpec(
        String name,
        int partitions,
        CleanupPolicy cleanupPolicy,
        long retentionMs,
        SortedMap<String, String> configs) {
    /** Kafka's own rule for topic names. */
    private static final Pattern LEGAL_NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    public TopicSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(cleanupPolicy, "cleanupPolicy");
        Objects.requireNonNull(configs, "configs");
        if (!LEGAL_NAME.matcher(name).matches() || name.equals(".") || name.equals("..")) {
            throw new IllegalArgumentException(
                    "illegal Kafka topic name '"
                            + name
                            + "': use 1-249 of the characters a-z A-Z 0-9 . _ -");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException(
                    "topic " + name + " needs at least 1 partition, got " + partitions);
        }
        if (retentionMs < -1 || retentionMs == 0) {
            throw new IllegalArgumentException(
                    "topic "
                            + name
                            + " retention must be positive milliseconds or -1 (for ever), got "
                            + retentionMs);
        }
        for (String typed :
                new String[] {TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.RETENTION_MS_CONFIG}) {
            if (configs.containsKey(typed)) {
                throw new IllegalArgumentException(
                        "topic " + name + ": set " + typed + " through its field, not in configs");
            }
        }
        configs.forEach(
                (key, value) -> {
                    Objects.requireNonNull(key, "config key");
                    Objects.requireNonNull(value, "value of config " + key);
                });
        configs = Collections.unmodifiableSortedMap(new TreeMap<>(configs));
    }

    /** A spec with no further configs. */
    public TopicSpec(String name, int partitions, CleanupPolicy cleanupPolicy, long retentionMs) {
        this(name, partitions, cleanupPolicy, retentionMs, new TreeMap<>());
    }

    /** A spec with further configs, given in any order. */
    public static TopicSpec of(
            String name,
            int partitions,
            CleanupPolicy cleanupPolicy,
            long retentionMs,
            Map<String, String> configs) {
        return new TopicSpec(name, partitions, cleanupPolicy, retentionMs, new TreeMap<>(configs));
    }

    /** Every topic-level config to create the topic with, sorted by key. */
    public SortedMap<String, String> topicConfigs() {
        SortedMap<String, String> all = new TreeMap<>(configs);
        all.put(TopicConfig.CLEANUP_POLICY_CONFIG, cleanupPolicy.configValue());
        all.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retentionMs));
        return Collections.unmodifiableSortedMap(all);
    }

    /** This spec with another partition count. */
    public TopicSpec withPartitions(int newPartitions) {
        return new TopicSpec(name, newPartitions, cleanupPolicy, retentionMs, configs);
    }

    /** This spec with another retention. */
    public TopicSpec withRetentionMs(long newRetentionMs) {
        return new TopicSpec(name, partitions, cleanupPolicy, newRetentionMs, configs);
    }
}
