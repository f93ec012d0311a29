package dev.tandem.inventory.watch;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.time.Instant;
import java.util.Map;

/** Kubernetes objects for the watcher tests, shaped like Bookinfo's. */
final class KubernetesFixtures {
    private KubernetesFixtures() {}

    /** A running Bookinfo pod with an Istio sidecar, owned by a ReplicaSet. */
    static Pod runningPod(
            String namespace, String name, String replicaSet, String ip, Instant started) {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withUid("uid-" + name)
                .withLabels(Map.of("app", "reviews", "version", "v1"))
                .withCreationTimestamp(started.minusSeconds(5).toString())
                .addNewOwnerReference()
                .withApiVersion("apps/v1")
                .withKind("ReplicaSet")
                .withName(replicaSet)
                .withUid("uid-" + replicaSet)
                .withController(true)
                .endOwnerReference()
                .endMetadata()
                .withNewSpec()
                .withNodeName("node-a")
                .withServiceAccountName("bookinfo-reviews")
                .addNewContainer()
                .withName("reviews")
                .withImage("docker.io/istio/examples-bookinfo-reviews-v1:1.20.2")
                .endContainer()
                .addNewContainer()
                .withName("istio-proxy")
                .withImage("docker.io/istio/proxyv2:1.24.0")
                .endContainer()
                .endSpec()
                .withNewStatus()
                .withPhase("Running")
                .withPodIP(ip)
                .addNewPodIP()
                .withIp(ip)
                .endPodIP()
                .withStartTime(started.toString())
                .endStatus()
                .build();
    }

    static Service service(String namespace, String name, String clusterIp, int port) {
        return new ServiceBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .withNewSpec()
                .withClusterIP(clusterIp)
                .withSelector(Map.of("app", name))
                .addNewPort()
                .withName("http")
                .withPort(port)
                .withProtocol("TCP")
                .withNewTargetPort(port)
                .endPort()
                .endSpec()
                .build();
    }

    static Namespace namespace(String name, Map<String, String> labels) {
        return new NamespaceBuilder()
                .withNewMetadata()
                .withName(name)
                .withLabels(labels)
                .endMetadata()
                .build();
    }
}
