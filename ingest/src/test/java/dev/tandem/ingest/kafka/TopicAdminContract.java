package dev.tandem.ingest.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * TopicAdmin against a real broker; every test uses its own topic names on one shared broker. The
 * broker comes from a subclass: the embedded KRaft broker ({@link TopicAdminIT}) here, a Kafka
 * container ({@link TopicAdminContainerIT}) on machines with Docker.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class TopicAdminContract {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private Admin admin;
    private TopicAdmin topics;

    /** Starts the broker under test and returns its bootstrap servers. */
    abstract String startKafka();

    /** Stops the broker under test. */
    abstract void stopKafka();

    @BeforeAll
    void startBroker() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, startKafka()));
        topics = new TopicAdmin(admin, TIMEOUT);
    }

    @AfterAll
    void closeBroker() {
        admin.close();
        stopKafka();
    }

    @Test
    void createsEveryTandemTopicWithItsConfigsAndIsIdempotent() throws Exception {
        TopicReport first = topics.ensureTopics(Topics.ALL, TopicOverrides.none());

        List<String> names = Topics.ALL.stream().map(TopicSpec::name).collect(Collectors.toList());
        assertThat(first.created()).containsExactlyElementsOf(names);
        assertThat(first.existing()).isEmpty();
        assertThat(first.compatible()).isTrue();
        for (TopicSpec spec : Topics.ALL) {
            assertThat(partitionsOf(spec.name())).as(spec.name()).isEqualTo(spec.partitions());
            assertThat(configsOf(spec.name()))
                    .as(spec.name())
                    .containsAllEntriesOf(spec.topicConfigs());
        }

        TopicReport second = topics.ensureTopics(Topics.ALL, TopicOverrides.none());

        assertThat(second.created()).isEmpty();
        assertThat(second.existing()).containsExactlyElementsOf(names);
        assertThat(second.problems()).isEmpty();
    }

    @Test
    void reportsACompactedTopicThatExistsAsDeleteAndLeavesItAlone() throws Exception {
        TopicSpec inventoryLike = withName(Topics.INVENTORY, "conflict.inventory");
        createRaw("conflict.inventory", 3, "delete");

        TopicReport report = topics.ensureTopics(List.of(inventoryLike), TopicOverrides.none());

        assertThat(report.created()).isEmpty();
        assertThat(report.problems())
                .containsExactly(
                        new TopicProblem(
                                "conflict.inventory", "cleanup.policy", "compact", "delete"));
        assertThat(configsOf("conflict.inventory")).containsEntry("cleanup.policy", "delete");
        assertThatThrownBy(report::requireCompatible)
                .isInstanceOf(IncompatibleTopicsException.class)
                .hasMessageContaining(
                        "topic conflict.inventory has cleanup.policy=delete but Tandem needs compact");
    }

    @Test
    void reportsFewerPartitionsButAcceptsMore() throws Exception {
        createRaw("conflict.fewer", 1, "delete");
        createRaw("fine.more", 5, "delete");
        TopicSpec fewer = new TopicSpec("conflict.fewer", 3, CleanupPolicy.DELETE, 60_000);
        TopicSpec more = new TopicSpec("fine.more", 3, CleanupPolicy.DELETE, 60_000);

        TopicReport report = topics.ensureTopics(List.of(more, fewer), TopicOverrides.none());

        assertThat(report.existing()).containsExactly("conflict.fewer", "fine.more");
        assertThat(report.problems())
                .containsExactly(
                        new TopicProblem("conflict.fewer", "partitions", "at least 3", "1"));
        assertThat(partitionsOf("conflict.fewer")).isEqualTo(1);
    }

    @Test
    void listsEveryProblemOfEveryTopicSorted() throws Exception {
        createRaw("conflict.both", 1, "compact");
        createRaw("conflict.alpha", 1, "delete");
        TopicSpec both = new TopicSpec("conflict.both", 2, CleanupPolicy.DELETE, 60_000);
        TopicSpec alpha = new TopicSpec("conflict.alpha", 1, CleanupPolicy.COMPACT_DELETE, 60_000);

        TopicReport report = topics.ensureTopics(List.of(both, alpha), TopicOverrides.none());

        assertThat(report.problems())
                .extracting(p -> p.topic() + " " + p.setting())
                .containsExactly(
                        "conflict.alpha cleanup.policy",
                        "conflict.both cleanup.policy",
                        "conflict.both partitions");
        assertThatThrownBy(report::requireCompatible)
                .isInstanceOfSatisfying(
                        IncompatibleTopicsException.class,
                        e -> assertThat(e.problems()).hasSize(3));
    }

    @Test
    void appliesOverridesWhenCreating() throws Exception {
        TopicSpec spec = new TopicSpec("overridden.flows", 6, CleanupPolicy.DELETE, 3_600_000);
        TopicOverrides overrides =
                TopicOverrides.fromMap(
                        Map.of(
                                "overridden.flows.partitions", "2",
                                "overridden.flows.retention.ms", "60000"));

        TopicReport report = topics.ensureTopics(List.of(spec), overrides);

        assertThat(report.created()).containsExactly("overridden.flows");
        assertThat(partitionsOf("overridden.flows")).isEqualTo(2);
        assertThat(configsOf("overridden.flows")).containsEntry("retention.ms", "60000");
        // The override is part of what "compatible" means on the next call too.
        assertThat(topics.ensureTopics(List.of(spec), overrides).problems()).isEmpty();
    }

    @Test
    void rejectsAnOverrideForATopicItWasNotAskedFor() throws Exception {
        TopicOverrides typo = TopicOverrides.fromMap(Map.of("tandem.flow.raw.partitions", "2"));

        assertThatThrownBy(() -> topics.ensureTopics(List.of(Topics.FLOWS_RAW), typo))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[tandem.flow.raw]");
    }

    @Test
    void failsClearlyWhenKafkaDoesNotAnswer() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = probe.getLocalPort();
        }
        try (Admin nowhere =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                "127.0.0.1:" + closedPort))) {
            TopicAdmin unreachable = new TopicAdmin(nowhere, Duration.ofSeconds(1));

            assertThatThrownBy(() -> unreachable.ensureTopics(Topics.ALL, TopicOverrides.none()))
                    .isInstanceOf(TopicAdminException.class)
                    .hasMessageContaining("did not list topics within 1000 ms");
        }
    }

    private static TopicSpec withName(TopicSpec spec, String name) {
        return new TopicSpec(
                name, spec.partitions(), spec.cleanupPolicy(), spec.retentionMs(), spec.configs());
    }

    private void createRaw(String name, int partitions, String cleanupPolicy) throws Exception {
        admin.createTopics(
                        List.of(
                                new NewTopic(name, partitions, (short) 1)
                                        .configs(Map.of("cleanup.policy", cleanupPolicy))))
                .all()
                .get(30, TimeUnit.SECONDS);
    }

    private int partitionsOf(String topic) throws Exception {
        return eventually(
                () ->
                        admin.describeTopics(List.of(topic))
                                .allTopicNames()
                                .get(30, TimeUnit.SECONDS)
                                .get(topic)
                                .partitions()
                                .size());
    }

    private Map<String, String> configsOf(String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        Config config =
                admin.describeConfigs(List.of(resource))
                        .all()
                        .get(30, TimeUnit.SECONDS)
                        .get(resource);
        Map<String, String> values = new TreeMap<>();
        config.entries().forEach(entry -> values.put(entry.name(), entry.value()));
        return values;
    }

    /**
     * The answer to {@code request}, asked again while the broker's metadata has not caught up with
     * a topic just created (Kafka answers "unknown topic" for a moment).
     */
    private static <T> T eventually(Callable<T> request) throws Exception {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (true) {
            try {
                return request.call();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
                        || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }
}
