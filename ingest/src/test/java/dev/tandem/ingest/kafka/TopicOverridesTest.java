package dev.tandem.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicOverridesTest {

    @Test
    void changesPartitionsAndRetentionOfTheNamedTopicOnly() {
        TopicOverrides overrides =
                TopicOverrides.fromMap(
                        Map.of(
                                "tandem.flows.raw.partitions", "12",
                                "tandem.flows.raw.retention.ms", "86400000",
                                "tandem.alerts.partitions", " 1 "));

        TopicSpec flows = overrides.applyTo(Topics.FLOWS_RAW);
        assertThat(flows.partitions()).isEqualTo(12);
        assertThat(flows.retentionMs()).isEqualTo(86_400_000L);
        assertThat(flows.configs()).isEqualTo(Topics.FLOWS_RAW.configs());
        assertThat(overrides.applyTo(Topics.ALERTS).partitions()).isEqualTo(1);
        assertThat(overrides.applyTo(Topics.EDGES)).isEqualTo(Topics.EDGES);
        assertThat(overrides.topics()).containsExactly("tandem.alerts", "tandem.flows.raw");
    }

    @Test
    void noneChangesNothing() {
        assertThat(TopicOverrides.none().applyTo(Topics.INVENTORY)).isEqualTo(Topics.INVENTORY);
        assertThat(TopicOverrides.none().topics()).isEmpty();
    }

    @Test
    void rejectsKeysItDoesNotKnow() {
        assertThatThrownBy(() -> TopicOverrides.fromMap(Map.of("tandem.flows.raw.replicas", "3")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'tandem.flows.raw.replicas'");
        assertThatThrownBy(() -> TopicOverrides.fromMap(Map.of(".partitions", "3")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsValuesThatAreNotWholeNumbers() {
        assertThatThrownBy(() -> TopicOverrides.fromMap(Map.of("tandem.edges.partitions", "six")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tandem.edges.partitions=six");
        assertThatThrownBy(
                        () ->
                                TopicOverrides.fromMap(
                                        Map.of("tandem.edges.partitions", "3000000000")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aValueThatDoesNotFitTheTopicFailsWhenApplied() {
        TopicOverrides overrides = TopicOverrides.fromMap(Map.of("tandem.edges.partitions", "0"));

        assertThatThrownBy(() -> overrides.applyTo(Topics.EDGES))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tandem.edges");
    }
}
