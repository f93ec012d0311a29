package dev.tandem.ingest.kafka;

import java.util.Objects;

/**
 * An existing topic whose setting Tandem cannot work with. Tandem never changes an existing topic
 * itself: the fix is an operator's decision, and the report says what to change.
 *
 * @param topic the topic name
 * @param setting {@code partitions} or {@code cleanup.policy}
 * @param required what Tandem needs
 * @param actual what the topic has
 */
public record TopicProblem(String topic, String setting, String required, String actual) {
    public TopicProblem {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(setting, "setting");
        Objects.requireNonNull(required, "required");
        Objects.requireNonNull(actual, "actual");
    }

    /** One line for a person: what is wrong and what it breaks. */
    public String describe() {
        return "topic "
                + topic
                + " has "
                + setting
                + "="
                + actual
                + " but Tandem needs "
                + required;
    }
}
