package dev.tandem.inventory.watch;

import static dev.tandem.inventory.watch.KubernetesFixtures.namespace;
import static dev.tandem.inventory.watch.KubernetesFixtures.runningPod;
import static dev.tandem.inventory.watch.KubernetesFixtures.service;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.ingest.inventory.InventoryItem;
import dev.tandem.ingest.inventory.InventoryKey;
import dev.tandem.ingest.inventory.InventoryMessage;
import dev.tandem.ingest.model.OwnerRef;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.ingest.model.ServiceRecord;
import dev.tandem.ingest.testing.KafkaBrokerExtension;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The watcher against fabric8's mock API server in CRUD mode (it stores what is created and serves
 * lists and watches of it) and a real Kafka broker.
 */
@EnableKubernetesMockClient(crud = true)
class InventoryWatcherIT {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final Instant POD_DELETED = T0.plus(Duration.ofMinutes(30));
    private static final Instant IP_REUSED = POD_DELETED.plusSeconds(30);
    private static final String IP = "10.244.1.7";

    @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    KubernetesClient client;

    private final MutableClock clock = new MutableClock(T0);
    private TestTopics topics;
    private InventoryPublisher publisher;
    private InventoryWatcher watcher;
    private TopicMessages messages;

    @BeforeEach
    void connect() {
        topics = TestTopics.create(kafka.bootstrapServers());
        publisher = topics.publisher(kafka.bootstrapServers(), clock);
        messages = new TopicMessages(kafka.bootstrapServers(), topics.inventory);
    }

    @AfterEach
    void disconnect() {
        if (watcher != null) {
            watcher.close();
        }
        publisher.close();
        messages.close();
    }

    @Test
    void podCreatedRelabelledDeletedAndItsIpReusedByAnotherPod() throws Exception {
        client.namespaces().resource(namespace("bookinfo", Map.of())).create();
        startWatching(WatchScope.allNamespaces());
        InventoryKey first = InventoryKey.pod("bookinfo", "ratings-v1-7dc98c7588-qmqx7");
        InventoryKey second = InventoryKey.pod("bookinfo", "ratings-v1-7dc98c7588-zt2kp");

        client.pods()
                .resource(runningPod("bookinfo", first.name(), "ratings-v1-7dc98c7588", IP, T0))
                .create();
        PodRecord created = awaitPod(first, p -> true);
        assertThat(created.ips()).containsExactly(IP);
        assertThat(created.validFrom()).isEqualTo(T0);
        assertThat(created.validUntil()).isNull();
        assertThat(created.workload()).isEqualTo("ratings-v1");
        assertThat(created.owner()).isEqualTo(new OwnerRef("ReplicaSet", "ratings-v1-7dc98c7588"));
        assertThat(created.sidecarPresent()).isTrue();
        assertThat(created.serviceAccount()).isEqualTo("bookinfo-reviews");
        assertThat(created.labels().get("version")).isEqualTo("v1");

        client.pods()
                .inNamespace("bookinfo")
                .withName(first.name())
                .edit(
                        p ->
                                new PodBuilder(p)
                                        .editMetadata()
                                        .addToLabels("version", "v2")
                                        .addToLabels("canary", "true")
                                        .endMetadata()
                                        .build());
        PodRecord relabelled = awaitPod(first, p -> "v2".equals(p.labels().get("version")));
        assertThat(relabelled.labels().get("canary")).isEqualTo("true");
        assertThat(relabelled.ips()).containsExactly(IP);

        clock.set(POD_DELETED);
        client.pods().inNamespace("bookinfo").withName(first.name()).delete();
        List<InventoryMessage> afterDelete =
                messages.awaitMessage("tombstone of " + first, m -> isTombstone(m, first));
        List<InventoryMessage> ofFirst = ofKey(afterDelete, first);
        InventoryMessage finalState = ofFirst.get(ofFirst.size() - 2);
        assertThat(ofFirst.get(ofFirst.size() - 1).isTombstone()).isTrue();
        PodRecord ended = ((InventoryItem.Pod) finalState.item()).record();
        assertThat(ended.validUntil()).isEqualTo(POD_DELETED);
        assertThat(ended.labels().get("version")).isEqualTo("v2");

        client.pods()
                .resource(
                        runningPod(
                                "bookinfo", second.name(), "ratings-v1-7dc98c7588", IP, IP_REUSED))
                .create();
        PodRecord reused = awaitPod(second, p -> true);

        assertThat(reused.ips()).containsExactly(IP);
        assertThat(ended.validUntil()).isBeforeOrEqualTo(reused.validFrom());
        Instant beforeDeletion = POD_DELETED.minusSeconds(1);
        Instant afterReuse = IP_REUSED.plusSeconds(1);
        assertThat(ended.heldIpAt(IP, beforeDeletion)).isTrue();
        assertThat(reused.heldIpAt(IP, beforeDeletion)).isFalse();
        assertThat(ended.heldIpAt(IP, afterReuse)).isFalse();
        assertThat(reused.heldIpAt(IP, afterReuse)).isTrue();
    }

    @Test
    void podUpdatesThatChangeNoRecordedFieldPublishNothing() throws Exception {
        startWatching(WatchScope.allNamespaces());
        InventoryKey key = InventoryKey.pod("shop", "cart-5d9b4c9849-9x7fw");
        client.pods().resource(runningPod("shop", key.name(), "cart-5d9b4c9849", IP, T0)).create();
        awaitPod(key, p -> true);

        client.pods()
                .inNamespace("shop")
                .withName(key.name())
                .edit(
                        p ->
                                new PodBuilder(p)
                                        .editMetadata()
                                        .addToAnnotations("kubectl.kubernetes.io/restartedAt", "x")
                                        .endMetadata()
                                        .build());
        client.pods()
                .inNamespace("shop")
                .withName(key.name())
                .edit(
                        p ->
                                new PodBuilder(p)
                                        .editMetadata()
                                        .addToLabels("marker", "1")
                                        .endMetadata()
                                        .build());
        awaitPod(key, p -> "1".equals(p.labels().get("marker")));

        assertThat(ofKey(messages.all(), key)).hasSize(2);
    }

    @Test
    void servicesAndNamespacesArePublishedChangedAndDeleted() throws Exception {
        startWatching(WatchScope.allNamespaces());
        InventoryKey ns = InventoryKey.namespace("bookinfo");
        InventoryKey svc = InventoryKey.service("bookinfo", "reviews");

        client.namespaces()
                .resource(namespace("bookinfo", Map.of("istio-injection", "enabled")))
                .create();
        client.services().resource(service("bookinfo", "reviews", "10.96.0.12", 9080)).create();
        List<InventoryMessage> seen =
                messages.awaitMessage("service " + svc, m -> m.key().equals(svc));
        ServiceRecord created = (ServiceRecord) last(seen, svc).item().record();
        assertThat(created.clusterIps()).containsExactly("10.96.0.12");
        assertThat(created.ports())
                .singleElement()
                .satisfies(p -> assertThat(p.port()).isEqualTo(9080));
        assertThat(created.selector().get("app")).isEqualTo("reviews");
        InventoryItem.Namespace namespace = (InventoryItem.Namespace) last(seen, ns).item();
        assertThat(namespace.record().labels().get("istio-injection")).isEqualTo("enabled");

        client.services()
                .inNamespace("bookinfo")
                .withName("reviews")
                .edit(
                        s ->
                                new ServiceBuilder(s)
                                        .editSpec()
                                        .editFirstPort()
                                        .withPort(9081)
                                        .endPort()
                                        .endSpec()
                                        .build());
        messages.awaitMessage(
                "service port 9081",
                m ->
                        m.key().equals(svc)
                                && !m.isTombstone()
                                && ((ServiceRecord) m.item().record()).ports().get(0).port()
                                        == 9081);

        client.services().inNamespace("bookinfo").withName("reviews").delete();
        client.namespaces().withName("bookinfo").delete();
        List<InventoryMessage> all =
                messages.awaitMessage("namespace tombstone", m -> isTombstone(m, ns));
        assertThat(last(all, svc).isTombstone()).isTrue();
        // A Service's or namespace's deletion is its final state then a tombstone, like a pod's.
        List<InventoryMessage> ofService = ofKey(all, svc);
        assertThat(ofService.get(ofService.size() - 2).item()).isNotNull();
    }

    @Test
    void startPublishesEverythingThatAlreadyExists() throws Exception {
        client.namespaces().resource(namespace("bookinfo", Map.of())).create();
        client.services().resource(service("bookinfo", "details", "10.96.0.20", 9080)).create();
        client.pods()
                .resource(runningPod("bookinfo", "details-v1-abc", "details-v1-65cfcf56f9", IP, T0))
                .create();

        startWatching(WatchScope.allNamespaces());

        // The informers publish asynchronously: wait for the three, then check there is no fourth.
        assertThat(keys(messages.awaitCount(3)))
                .containsExactlyInAnyOrder(
                        InventoryKey.namespace("bookinfo"),
                        InventoryKey.service("bookinfo", "details"),
                        InventoryKey.pod("bookinfo", "details-v1-abc"));
    }

    @Test
    void aNamespaceScopeWatchesOnlyThoseNamespaces() throws Exception {
        client.namespaces().resource(namespace("bookinfo", Map.of())).create();
        client.namespaces().resource(namespace("other", Map.of())).create();
        startWatching(WatchScope.of(List.of("bookinfo")));

        client.pods().resource(runningPod("other", "noise-1", "noise", "10.244.9.9", T0)).create();
        client.pods().resource(runningPod("bookinfo", "reviews-1", "reviews", IP, T0)).create();
        messages.awaitMessage("bookinfo pod", m -> m.key().name().equals("reviews-1"));

        assertThat(keys(messages.awaitCount(2)))
                .containsExactlyInAnyOrder(
                        InventoryKey.namespace("bookinfo"),
                        InventoryKey.pod("bookinfo", "reviews-1"));
    }

    @Test
    void onceListsEverythingPublishesAndReturns() {
        client.namespaces().resource(namespace("bookinfo", Map.of())).create();
        client.services().resource(service("bookinfo", "details", "10.96.0.20", 9080)).create();
        client.pods()
                .resource(runningPod("bookinfo", "details-v1-abc", "details-v1", IP, T0))
                .create();
        client.pods()
                .resource(runningPod("bookinfo", "details-v1-def", "details-v1", "10.244.1.8", T0))
                .create();

        int read =
                new InventoryWatcher(client, publisher, WatchScope.allNamespaces()).publishOnce();

        assertThat(read).isEqualTo(4);
        assertThat(keys(messages.awaitCount(4)))
                .hasSize(4)
                .contains(InventoryKey.pod("bookinfo", "details-v1-def"));
    }

    @Test
    void anUnreachableApiServerFailsTheStartWithOneClearMessage() {
        Config nowhere =
                new ConfigBuilder()
                        .withMasterUrl("http://127.0.0.1:9")
                        .withRequestRetryBackoffLimit(0)
                        .withConnectionTimeout(1000)
                        .build();
        try (KubernetesClient unreachable =
                new KubernetesClientBuilder().withConfig(nowhere).build()) {
            InventoryWatcher failing =
                    new InventoryWatcher(
                            unreachable,
                            publisher,
                            new WatchScope(
                                    List.of(), Duration.ofMinutes(1), Duration.ofSeconds(10)));

            assertThatThrownBy(failing::start)
                    .isInstanceOf(WatchException.class)
                    .hasMessageStartingWith("could not list the inventory from the Kubernetes API");
        }
    }

    private void startWatching(WatchScope scope) throws InterruptedException {
        watcher = new InventoryWatcher(client, publisher, scope);
        watcher.start();
    }

    private PodRecord awaitPod(InventoryKey key, java.util.function.Predicate<PodRecord> wanted) {
        List<InventoryMessage> seen =
                messages.awaitMessage(
                        key.toString(),
                        m ->
                                m.key().equals(key)
                                        && !m.isTombstone()
                                        && wanted.test(((InventoryItem.Pod) m.item()).record()));
        return ((InventoryItem.Pod) last(seen, key).item()).record();
    }

    private static boolean isTombstone(InventoryMessage message, InventoryKey key) {
        return message.key().equals(key) && message.isTombstone();
    }

    private static List<InventoryMessage> ofKey(List<InventoryMessage> all, InventoryKey key) {
        return all.stream().filter(m -> m.key().equals(key)).collect(Collectors.toList());
    }

    private static InventoryMessage last(List<InventoryMessage> all, InventoryKey key) {
        List<InventoryMessage> ofKey = ofKey(all, key);
        assertThat(ofKey).as("messages of " + key).isNotEmpty();
        return ofKey.get(ofKey.size() - 1);
    }

    private static List<InventoryKey> keys(List<InventoryMessage> all) {
        return all.stream().map(InventoryMessage::key).collect(Collectors.toList());
    }
}
