package dev.tandem.ingest.kafka;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/** A topic's {@code cleanup.policy}: what Kafka does with old records. */
public enum CleanupPolicy {
    /** Old segments are deleted after the retention time: event streams. */
    DELETE("delete"),
    /** Only the latest record per key is kept: current state, such as the inventory. */
    COMPACT("compact"),
    /** Latest record per key, and even those expire after the retention time. */
    COMPACT_DELETE("compact,delete");

    private final String configValue;

    CleanupPolicy(String configValue) {
        this.configValue = configValue;
    }

    /** The value as Kafka's {@code cleanup.policy} config spells it. */
    public String configValue() {
        return configValue;
    }

    /**
     * The policy a {@code cleanup.policy} value means, ignoring order and spaces ({@code
     * "delete,compact"} is {@link #COMPACT_DELETE}); empty when it is none of the three.
     */
    public static Optional<CleanupPolicy> fromConfigValue(String value) {
        if (value == null) {
            return Optional.empty();
        }
        Set<String> parts = new TreeSet<>();
        for (String part : value.split(",")) {
            parts.add(part.strip().toLowerCase(Locale.ROOT));
        }
        return Arrays.stream(values())
                .filter(
                        policy ->
                                new TreeSet<>(Arrays.asList(policy.configValue.split(",")))
                                        .equals(parts))
                .findFirst();
    }
}
