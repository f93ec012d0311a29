package dev.tandem.jobs.kafka;

import dev.tandem.ingest.kafka.Topics;
import java.io.Serializable;
import java.util.Objects;

/**
 * The topics the Kafka-bound correlate job reads and writes. {@link #standard()} is {@link Topics};
 * other names serve a cluster whose topics carry a prefix, or tests sharing one broker.
 */
public record KafkaTopicNames(
        String flowsRaw,
        String proxyRaw,
        String inventory,
        String edges,
        String alerts,
        String deadLetter)
        implements Serializable {
    public KafkaTopicNames {
        Objects.requireNonNull(flowsRaw, "flowsRaw");
        Objects.requireNonNull(proxyRaw, "proxyRaw");
        Objects.requireNonNull(inventory, "inventory");
        Objects.requireNonNull(edges, "edges");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(deadLetter, "deadLetter");
    }

    /** The names in {@link Topics}. */
    public static KafkaTopicNames standard() {
        return new KafkaTopicNames(
                Topics.FLOWS_RAW.name(),
                Topics.PROXY_RAW.name(),
                Topics.INVENTORY.name(),
                Topics.EDGES.name(),
                Topics.ALERTS.name(),
                Topics.DEADLETTER.name());
    }
}
