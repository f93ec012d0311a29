package dev.tandem.ingest.inventory;

import static dev.tandem.ingest.inventory.InventoryInputs.OBSERVED_AT;
import static dev.tandem.ingest.inventory.InventoryInputs.decode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tandem.ingest.model.InventorySnapshot;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.NamespaceRecord;
import dev.tandem.ingest.model.OwnerRef;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.ingest.model.ServicePort;
import dev.tandem.ingest.model.ServiceRecord;
import dev.tandem.ingest.testing.SharedFiles;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubectlInventoryDecoderTest {
    private static final Instant T_JOB_DONE = Instant.parse("2026-11-20T09:58:30Z");
    private static final Instant T_RATINGS_START = Instant.parse("2026-11-20T10:02:00Z");

    private static InventorySnapshot bookinfo() {
        InventoryDecodeResult result = decode(InventoryInputs.bookinfo()).value();
        assertThat(result.skipped()).isEmpty();
        assertThat(result.complete()).isTrue();
        return result.snapshot();
    }

    private static PodRecord pod(InventorySnapshot snapshot, String name) {
        return snapshot.pods().stream()
                .filter(p -> p.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static ServiceRecord service(InventorySnapshot snapshot, String name) {
        return snapshot.services().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void bookinfoListGivesEveryPodServiceAndNamespaceSorted() {
        InventorySnapshot snapshot = bookinfo();

        assertThat(snapshot.observedAt()).isEqualTo(OBSERVED_AT);
        assertThat(snapshot.pods())
                .extracting(p -> p.namespace() + "/" + p.name())
                .containsExactly(
                        "default/details-v1-65cfcf56f9-x5jvq",
                        "default/productpage-v1-5d9b4c9849-9x7fw",
                        "default/productpage-v1-d5789fdfb-5cr6g",
                        "default/ratings-db-seed-8k2xw",
                        "default/ratings-v1-7dc98c7588-qmqx7",
                        "default/reviews-v1-5fd6d4f8f8-h2wzb",
                        "default/reviews-v2-6f9b55c5db-4qtmc",
                        "default/reviews-v3-7d99fd7f58-lbq7t",
                        "kube-system/coredns-7db6d8ff4d-4xwqn",
                        "kube-system/kube-proxy-r9xkz");
        assertThat(snapshot.services())
                .extracting(s -> s.namespace() + "/" + s.name())
                .containsExactly(
                        "default/details",
                        "default/kubernetes",
                        "default/mongodb",
                        "default/productpage",
                        "default/ratings",
                        "default/reviews",
                        "kube-system/kube-dns");
        assertThat(snapshot.namespaces())
                .extracting(NamespaceRecord::name)
                .containsExactly("default", "istio-system", "kube-system");
    }

    @Test
    void aBookinfoPodHasItsWorkloadAccountSidecarAndIp() {
        PodRecord reviews = pod(bookinfo(), "reviews-v2-6f9b55c5db-4qtmc");

        assertThat(reviews.workload()).isEqualTo("reviews-v2");
        assertThat(reviews.owner()).isEqualTo(new OwnerRef("ReplicaSet", "reviews-v2-6f9b55c5db"));
        assertThat(reviews.serviceAccount()).isEqualTo("bookinfo-reviews");
        assertThat(reviews.sidecarPresent()).isTrue();
        assertThat(reviews.hostNetwork()).isFalse();
        assertThat(reviews.ips()).containsExactly("10.244.1.5");
        assertThat(reviews.node()).isEqualTo("bookinfo-worker");
        assertThat(reviews.phase()).isEqualTo("Running");
        assertThat(reviews.validFrom()).isEqualTo(Instant.parse("2026-11-20T09:00:17Z"));
        assertThat(reviews.validUntil()).isNull();
        assertThat(reviews.uid()).isNotBlank();
        assertThat(reviews.labels().asMap())
                .containsEntry("app", "reviews")
                .containsEntry("version", "v2")
                .containsEntry(Labels.ISTIO_TLS_MODE, "istio");
    }

    @Test
    void bothProductpageRolloutsAreOneWorkloadAndTheOldPodEndsAtDeletion() {
        InventorySnapshot snapshot = bookinfo();
        PodRecord old = pod(snapshot, "productpage-v1-5d9b4c9849-9x7fw");
        PodRecord current = pod(snapshot, "productpage-v1-d5789fdfb-5cr6g");

        assertThat(old.workload()).isEqualTo("productpage-v1").isEqualTo(current.workload());
        assertThat(old.validUntil()).isEqualTo(Instant.parse("2026-11-20T09:31:05Z"));
        assertThat(current.validUntil()).isNull();
    }

    @Test
    void ipReusedByAnotherPodBelongsToEachInTurn() {
        InventorySnapshot snapshot = bookinfo();
        PodRecord job = pod(snapshot, "ratings-db-seed-8k2xw");
        PodRecord ratings = pod(snapshot, "ratings-v1-7dc98c7588-qmqx7");

        assertThat(job.phase()).isEqualTo("Succeeded");
        assertThat(job.workload()).isEqualTo("ratings-db-seed");
        assertThat(job.owner()).isEqualTo(new OwnerRef("Job", "ratings-db-seed"));
        assertThat(job.validUntil())
                .as("the native istio-proxy sidecar finished last")
                .isEqualTo(T_JOB_DONE);
        assertThat(job.sidecarPresent()).isTrue();
        assertThat(job.ips()).containsExactly("10.244.1.7");
        assertThat(ratings.ips()).containsExactly("10.244.1.7");

        Instant whileSeeding = Instant.parse("2026-11-20T09:57:00Z");
        Instant afterRestart = T_RATINGS_START.plusSeconds(60);
        assertThat(job.heldIpAt("10.244.1.7", whileSeeding)).isTrue();
        assertThat(ratings.heldIpAt("10.244.1.7", whileSeeding)).isFalse();
        assertThat(job.heldIpAt("10.244.1.7", afterRestart)).isFalse();
        assertThat(ratings.heldIpAt("10.244.1.7", afterRestart)).isTrue();
    }

    @Test
    void clusterDnsHasNoSidecarAndKubeProxyUsesTheHostNetwork() {
        InventorySnapshot snapshot = bookinfo();
        PodRecord dns = pod(snapshot, "coredns-7db6d8ff4d-4xwqn");
        PodRecord proxy = pod(snapshot, "kube-proxy-r9xkz");

        assertThat(dns.sidecarPresent()).isFalse();
        assertThat(dns.workload()).isEqualTo("coredns");
        assertThat(dns.serviceAccount()).isEqualTo("coredns");
        assertThat(dns.labels().get("k8s-app")).isEqualTo("kube-dns");
        assertThat(proxy.hostNetwork()).isTrue();
        assertThat(proxy.sidecarPresent()).isFalse();
        assertThat(proxy.ips()).containsExactly("172.18.0.3");
        assertThat(proxy.workload()).isEqualTo("kube-proxy");
        assertThat(proxy.owner()).isEqualTo(new OwnerRef("DaemonSet", "kube-proxy"));
    }

    @Test
    void servicesHaveTheirIpsSelectorsAndPorts() {
        InventorySnapshot snapshot = bookinfo();

        assertThat(service(snapshot, "reviews"))
                .isEqualTo(
                        new ServiceRecord(
                                "default",
                                "reviews",
                                List.of("10.96.34.201"),
                                Labels.of(Map.of("app", "reviews")),
                                List.of(new ServicePort("http", 9080, "TCP", "9080"))));
        assertThat(service(snapshot, "mongodb").clusterIps()).as("headless").isEmpty();
        assertThat(service(snapshot, "kubernetes").selector().isEmpty()).isTrue();
        assertThat(service(snapshot, "kube-dns").ports())
                .containsExactly(
                        new ServicePort("dns", 53, "UDP", "53"),
                        new ServicePort("dns-tcp", 53, "TCP", "53"),
                        new ServicePort("metrics", 9153, "TCP", "metrics"));
    }

    @Test
    void namespacesKeepTheirLabels() {
        NamespaceRecord defaultNs = bookinfo().namespaces().get(0);

        assertThat(defaultNs.labels().get("istio-injection")).isEqualTo("enabled");
        assertThat(bookinfo().namespaces().get(1).labels().get("topology.istio.io/network"))
                .isEmpty();
    }

    @Test
    void theFluentBitMetaPodIsASinglePodObject() {
        byte[] json =
                InventoryInputs.file(
                        SharedFiles.path(
                                "formats/fluent-bit/filter_kubernetes_meta_core_base.json"));

        InventorySnapshot snapshot = decode(json).value().snapshot();

        assertThat(snapshot.services()).isEmpty();
        assertThat(snapshot.pods())
                .containsExactly(
                        new PodRecord(
                                "core",
                                "base",
                                "e9f2963f-55f2-11e9-84c5-02e422b8a84a",
                                List.of("100.116.192.42"),
                                Instant.parse("2019-04-03T09:29:00Z"),
                                null,
                                Labels.of(Map.of("app.kubernetes.io/name", "fluent-bit")),
                                "default",
                                null,
                                "base",
                                "ip-10-49-18-80.eu-west-1.compute.internal",
                                false,
                                false,
                                "Running"));
    }

    @Test
    void typedListItemsTakeTheirKindFromTheList() {
        String pod =
                "{\"metadata\":{\"name\":\"web-0\",\"namespace\":\"shop\"},"
                        + "\"status\":{\"podIP\":\"10.1.0.4\"}}";
        String kindFirst = "{\"kind\":\"PodList\",\"apiVersion\":\"v1\",\"items\":[" + pod + "]}";
        String kindLast = "{\"apiVersion\":\"v1\",\"items\":[" + pod + "],\"kind\":\"PodList\"}";

        for (String json : List.of(kindFirst, kindLast)) {
            PodRecord read = decode(json).value().snapshot().pods().get(0);
            assertThat(read.workload()).isEqualTo("web-0");
            assertThat(read.ips()).containsExactly("10.1.0.4");
        }
        assertThat(
                        decode(
                                        "{\"kind\":\"ServiceList\",\"items\":[{\"metadata\":{\"name\":\"a\","
                                                + "\"namespace\":\"b\"},\"spec\":{\"clusterIP\":\"None\"}}]}")
                                .value()
                                .snapshot()
                                .services())
                .extracting(ServiceRecord::name, ServiceRecord::clusterIps)
                .containsExactly(tuple("a", List.of()));
    }

    @Test
    void singleServiceAndNamespaceObjectsAreRead() {
        assertThat(
                        decode(
                                        "{\"kind\":\"Namespace\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":"
                                                + "\"shop\",\"labels\":{\"istio-injection\":\"enabled\"}}}")
                                .value()
                                .snapshot()
                                .namespaces())
                .containsExactly(
                        new NamespaceRecord(
                                "shop", Labels.of(Map.of("istio-injection", "enabled"))));
        ServiceRecord service =
                decode(
                                "{\"kind\":\"Service\",\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\"},"
                                        + "\"spec\":{\"clusterIPs\":[\"10.96.0.5\",\"fd00::5\"],\"ports\":"
                                        + "[{\"port\":80,\"targetPort\":\"http\"},{\"port\":8443}]}}")
                        .value()
                        .snapshot()
                        .services()
                        .get(0);
        assertThat(service.clusterIps()).containsExactly("10.96.0.5", "fd00::5");
        assertThat(service.ports())
                .containsExactly(
                        new ServicePort(null, 80, "TCP", "http"),
                        new ServicePort(null, 8443, "TCP", "8443"));
    }

    @Test
    void dualStackPodsKeepBothIpsAndServiceAccountFallsBack() {
        PodRecord pod =
                decode(
                                "{\"kind\":\"Pod\",\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\","
                                        + "\"creationTimestamp\":\"2026-11-20T09:00:00Z\"},\"spec\":{\"serviceAccount\":"
                                        + "\"legacy\"},\"status\":{\"podIP\":\"10.1.0.4\",\"podIPs\":[{\"ip\":\"10.1.0.4\"},"
                                        + "{\"ip\":\"fd00::4\"}],\"phase\":\"Pending\"}}")
                        .value()
                        .snapshot()
                        .pods()
                        .get(0);

        assertThat(pod.ips()).containsExactly("10.1.0.4", "fd00::4");
        assertThat(pod.serviceAccount()).isEqualTo("legacy");
        assertThat(pod.validFrom())
                .as("no start time yet")
                .isEqualTo(Instant.parse("2026-11-20T09:00:00Z"));
    }

    @Test
    void otherKindsAndNonCoreServicesAreNotInventory() {
        InventoryDecodeResult result =
                decode(
                                "{\"kind\":\"List\",\"items\":[{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\","
                                        + "\"metadata\":{\"name\":\"web\"}},{\"kind\":\"Service\",\"apiVersion\":"
                                        + "\"serving.knative.dev/v1\",\"metadata\":{\"name\":\"hello\",\"namespace\":"
                                        + "\"shop\"}}]}")
                        .value();

        assertThat(result.snapshot().services()).isEmpty();
        assertThat(result.skippedCount()).isZero();
    }

    @Test
    void anEmptyListIsAnEmptySnapshot() {
        InventoryDecodeResult result =
                decode("{\"apiVersion\":\"v1\",\"items\":[],\"kind\":\"List\",\"metadata\":{}}")
                        .value();

        assertThat(result.snapshot().pods()).isEmpty();
        assertThat(result.complete()).isTrue();
        assertThat(decode("{\"kind\":\"PodList\",\"items\":null}").value().snapshot().pods())
                .isEmpty();
    }
}
