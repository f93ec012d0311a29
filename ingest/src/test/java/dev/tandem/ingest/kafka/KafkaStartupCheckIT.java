package dev.tandem.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.ingest.testing.KafkaBrokerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The start-up check every Kafka command makes, against a real embedded broker that starts without
 * Tandem's topics.
 */
class KafkaStartupCheckIT {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @Test
    void aBrokerThatAnswersPassesWithoutAnyTopic() {
        assertThatNoException()
                .isThrownBy(
                        () -> KafkaStartupCheck.requireAnswer(kafka.bootstrapServers(), TIMEOUT));
    }

    @Test
    void missingTopicsAreNamedAndThenCreatedOnRequest() throws Exception {
        List<TopicSpec> wanted = List.of(Topics.ALERTS, Topics.DEADLETTER);

        assertThatThrownBy(
                        () ->
                                KafkaStartupCheck.requireTopics(
                                        kafka.bootstrapServers(), TIMEOUT, wanted, false))
                .isInstanceOf(KafkaStartupException.class)
                .hasMessage(
                        "Kafka at "
                                + kafka.bootstrapServers()
                                + " lacks the topics [tandem.alerts, tandem.deadletter]; create"
                                + " them (add --create-topics) or ask the cluster's operator");

        KafkaStartupCheck.requireTopics(kafka.bootstrapServers(), TIMEOUT, wanted, true);

        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                kafka.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get())
                    .contains(Topics.ALERTS.name(), Topics.DEADLETTER.name());
        }
        assertThatNoException()
                .as("present now, so the check without creating passes")
                .isThrownBy(
                        () ->
                                KafkaStartupCheck.requireTopics(
                                        kafka.bootstrapServers(), TIMEOUT, wanted, false));
    }
}
