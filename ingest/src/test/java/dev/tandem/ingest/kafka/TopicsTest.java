package dev.tandem.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.DecoderLimits;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void listsEveryTopicOfTheDesignOnceSortedByName() {
        assertThat(Topics.ALL)
                .extracting(TopicSpec::name)
                .containsExactly(
                        "tandem.alerts",
                        "tandem.deadletter",
                        "tandem.edges",
                        "tandem.flows.raw",
                        "tandem.inventory",
                        "tandem.proxy.raw");
    }

    @Test
    void onlyTheInventoryIsCompacted() {
        assertThat(Topics.INVENTORY.cleanupPolicy()).isEqualTo(CleanupPolicy.COMPACT);
        assertThat(Topics.ALL)
                .filteredOn(spec -> spec != Topics.INVENTORY)
                .allSatisfy(
                        spec -> assertThat(spec.cleanupPolicy()).isEqualTo(CleanupPolicy.DELETE));
    }

    @Test
    void topicsCarryingRawLinesAcceptTheLargestRecordADecoderReads() {
        assertThat(Topics.MAX_MESSAGE_BYTES).isGreaterThan(DecoderLimits.MAX_RECORD_BYTES);
        for (TopicSpec spec :
                new TopicSpec[] {
                    Topics.FLOWS_RAW, Topics.PROXY_RAW, Topics.DEADLETTER, Topics.INVENTORY
                }) {
            assertThat(spec.topicConfigs())
                    .as(spec.name())
                    .containsEntry("max.message.bytes", Integer.toString(Topics.MAX_MESSAGE_BYTES));
        }
    }

    @Test
    void alertsOutliveAChatOutage() {
        assertThat(Topics.ALERTS.retentionMs()).isGreaterThanOrEqualTo(7L * 24 * 3600 * 1000);
    }
}
