package dev.tandem.ingest.kafka;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Per-deployment changes to the topics' defaults, read from flat keys such as {@code
 * tandem.flows.raw.partitions=12} and {@code tandem.alerts.retention.ms=86400000} (the shape a
 * properties or YAML config file flattens to).
 */
public final class TopicOverrides {
    static final String PARTITIONS_SUFFIX = ".partitions";
    static final String RETENTION_SUFFIX = ".retention.ms";

    private static final TopicOverrides NONE = new TopicOverrides(new TreeMap<>(), new TreeMap<>());

    private final SortedMap<String, Integer> partitions;
    private final SortedMap<String, Long> retentionMs;

    private TopicOverrides(
            SortedMap<String, Integer> partitions, SortedMap<String, Long> retentionMs) {
        this.partitions = Collections.unmodifiableSortedMap(partitions);
        this.retentionMs = Collections.unmodifiableSortedMap(retentionMs);
    }

    /** No overrides: every topic as {@link Topics} defines it. */
    public static TopicOverrides none() {
        return NONE;
    }

    /**
     * Reads {@code <topic>.partitions} and {@code <topic>.retention.ms} entries.
     *
     * @throws IllegalArgumentException naming the key, for a key with another suffix or a value
     *     that is not a whole number (whether the values fit a topic is checked when applied)
     */
    public static TopicOverrides fromMap(Map<String, String> settings) {
        SortedMap<String, Integer> partitions = new TreeMap<>();
        SortedMap<String, Long> retention = new TreeMap<>();
        for (Map.Entry<String, String> entry : new TreeMap<>(settings).entrySet()) {
            String key = Objects.requireNonNull(entry.getKey(), "override key");
            String value = entry.getValue() == null ? "" : entry.getValue().strip();
            if (key.endsWith(PARTITIONS_SUFFIX) && key.length() > PARTITIONS_SUFFIX.length()) {
                partitions.put(
                        topicOf(key, PARTITIONS_SUFFIX),
                        (int) number(key, value, Integer.MAX_VALUE));
            } else if (key.endsWith(RETENTION_SUFFIX) && key.length() > RETENTION_SUFFIX.length()) {
                retention.put(topicOf(key, RETENTION_SUFFIX), number(key, value, Long.MAX_VALUE));
            } else {
                throw new IllegalArgumentException(
                        "unknown topic override '"
                                + key
                                + "': use <topic>"
                                + PARTITIONS_SUFFIX
                                + " or <topic>"
                                + RETENTION_SUFFIX);
            }
        }
        return new TopicOverrides(partitions, retention);
    }

    /** The topics these overrides name, sorted. */
    public SortedSet<String> topics() {
        SortedSet<String> topics = new TreeSet<>(partitions.keySet());
        topics.addAll(retentionMs.keySet());
        return Collections.unmodifiableSortedSet(topics);
    }

    /** {@code spec} with this deployment's partitions and retention for it, if any. */
    public TopicSpec applyTo(TopicSpec spec) {
        TopicSpec result = spec;
        Integer newPartitions = partitions.get(spec.name());
        if (newPartitions != null) {
            result = result.withPartitions(newPartitions);
        }
        Long newRetention = retentionMs.get(spec.name());
        if (newRetention != null) {
            result = result.withRetentionMs(newRetention);
        }
        return result;
    }

    private static String topicOf(String key, String suffix) {
        return key.substring(0, key.length() - suffix.length());
    }

    private static long number(String key, String value, long max) {
        try {
            long parsed = Long.parseLong(value);
            if (parsed > max) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "topic override " + key + "=" + value + " is not a whole number up to " + max,
                    e);
        }
    }
}
