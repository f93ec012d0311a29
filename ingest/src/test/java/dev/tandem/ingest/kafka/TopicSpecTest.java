package dev.tandem.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class TopicSpecTest {

    @Test
    void topicConfigsJoinTheTypedFieldsAndTheExtras() {
        TopicSpec spec =
                TopicSpec.of("t", 2, CleanupPolicy.COMPACT, 5_000, Map.of("segment.ms", "1000"));

        assertThat(spec.topicConfigs())
                .containsExactly(
                        Map.entry("cleanup.policy", "compact"),
                        Map.entry("retention.ms", "5000"),
                        Map.entry("segment.ms", "1000"));
    }

    @Test
    void isImmutable() {
        TopicSpec spec = TopicSpec.of("t", 2, CleanupPolicy.DELETE, -1, Map.of("a", "1"));

        assertThatThrownBy(() -> spec.configs().put("b", "2"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> spec.topicConfigs().put("b", "2"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThat(spec.withPartitions(9).partitions()).isEqualTo(9);
        assertThat(spec.withRetentionMs(60_000).retentionMs()).isEqualTo(60_000);
        assertThat(spec.partitions()).isEqualTo(2);
        assertThat(spec.retentionMs()).isEqualTo(-1);
    }

    @Test
    void rejectsIllegalTopicNames() {
        assertThatThrownBy(() -> new TopicSpec("flows raw", 1, CleanupPolicy.DELETE, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'flows raw'");
        assertThatThrownBy(() -> new TopicSpec("..", 1, CleanupPolicy.DELETE, -1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TopicSpec("x".repeat(250), 1, CleanupPolicy.DELETE, -1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsNoPartitionsAndZeroRetention() {
        assertThatThrownBy(() -> new TopicSpec("t", 0, CleanupPolicy.DELETE, -1))
                .hasMessageContaining("at least 1 partition");
        assertThatThrownBy(() -> new TopicSpec("t", 1, CleanupPolicy.DELETE, 0))
                .hasMessageContaining("retention");
        assertThatThrownBy(() -> new TopicSpec("t", 1, CleanupPolicy.DELETE, -2))
                .hasMessageContaining("retention");
    }

    @Test
    void typedSettingsCannotHideInTheExtras() {
        assertThatThrownBy(
                        () ->
                                TopicSpec.of(
                                        "t",
                                        1,
                                        CleanupPolicy.DELETE,
                                        -1,
                                        Map.of("cleanup.policy", "compact")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cleanup.policy");
    }

    @Test
    void cleanupPolicyValuesAreReadInAnyOrder() {
        assertThat(CleanupPolicy.fromConfigValue("delete")).contains(CleanupPolicy.DELETE);
        assertThat(CleanupPolicy.fromConfigValue("compact")).contains(CleanupPolicy.COMPACT);
        assertThat(CleanupPolicy.fromConfigValue("delete, compact"))
                .contains(CleanupPolicy.COMPACT_DELETE);
        assertThat(CleanupPolicy.fromConfigValue("COMPACT,DELETE"))
                .contains(CleanupPolicy.COMPACT_DELETE);
        assertThat(CleanupPolicy.fromConfigValue("")).isEmpty();
        assertThat(CleanupPolicy.fromConfigValue("retain")).isEmpty();
        assertThat(CleanupPolicy.fromConfigValue(null)).isEmpty();
    }
}
