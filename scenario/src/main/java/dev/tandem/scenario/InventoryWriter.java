package dev.tandem.scenario;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Writes the cluster as {@code kubectl get pods,services,namespaces -A -o json} prints it: a {@code
 * List} of Namespaces, Services and Pods (labels, annotations, owner, node, service account,
 * containers with {@code istio-proxy} where injected, IPs, start time).
 */
final class InventoryWriter {
    private static final JsonFactory JSON = new JsonFactory();

    /** Pods started well before the traffic, so every IP is theirs for all of it. */
    private static final Duration POD_AGE = Duration.ofDays(2);

    private InventoryWriter() {}

    static void write(Cluster cluster, Instant trafficStart, Path file) throws IOException {
        Instant created = trafficStart.minus(POD_AGE);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
                JsonGenerator json = JSON.createGenerator(out)) {
            DefaultPrettyPrinter pretty = new DefaultPrettyPrinter();
            pretty.indentObjectsWith(new DefaultIndenter("    ", "\n"));
            pretty.indentArraysWith(new DefaultIndenter("    ", "\n"));
            json.setPrettyPrinter(pretty.withoutSpacesInObjectEntries());
            json.writeStartObject();
            json.writeStringField("apiVersion", "v1");
            json.writeArrayFieldStart("items");
            for (String namespace : cluster.namespaces.stream().sorted().toList()) {
                namespace(json, namespace, created);
            }
            for (Service service : cluster.services) {
                service(json, service, created);
            }
            for (Pod pod : cluster.pods) {
                pod(json, pod, created);
            }
            json.writeEndArray();
            json.writeStringField("kind", "List");
            json.writeObjectFieldStart("metadata");
            json.writeStringField("resourceVersion", "");
            json.writeEndObject();
            json.writeEndObject();
            json.writeRaw('\n');
        }
    }

    private static void namespace(JsonGenerator json, String name, Instant created)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("apiVersion", "v1");
        json.writeStringField("kind", "Namespace");
        json.writeObjectFieldStart("metadata");
        json.writeStringField("creationTimestamp", created.minus(POD_AGE).toString());
        json.writeObjectFieldStart("labels");
        if (name.startsWith("bookinfo")) {
            json.writeStringField("istio-injection", "enabled");
        }
        json.writeStringField("kubernetes.io/metadata.name", name);
        json.writeEndObject();
        json.writeStringField("name", name);
        json.writeEndObject();
        json.writeObjectFieldStart("spec");
        json.writeArrayFieldStart("finalizers");
        json.writeString("kubernetes");
        json.writeEndArray();
        json.writeEndObject();
        json.writeObjectFieldStart("status");
        json.writeStringField("phase", "Active");
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void service(JsonGenerator json, Service service, Instant created)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("apiVersion", "v1");
        json.writeStringField("kind", "Service");
        json.writeObjectFieldStart("metadata");
        json.writeStringField("creationTimestamp", created.toString());
        json.writeObjectFieldStart("labels");
        json.writeStringField(Workload.appLabelKey(service.app()), service.app());
        json.writeEndObject();
        json.writeStringField("name", service.name());
        json.writeStringField("namespace", service.namespace());
        json.writeEndObject();
        json.writeObjectFieldStart("spec");
        json.writeStringField("clusterIP", service.clusterIp());
        json.writeArrayFieldStart("clusterIPs");
        json.writeString(service.clusterIp());
        json.writeEndArray();
        if (service.type().equals("LoadBalancer")) {
            json.writeStringField("externalTrafficPolicy", "Local");
        }
        json.writeArrayFieldStart("ports");
        for (Service.Port port : service.ports()) {
            json.writeStartObject();
            json.writeStringField("name", port.name());
            if (service.type().equals("LoadBalancer")) {
                // The load balancer sends to every node's NodePort; Local keeps it on the node
                // that runs a gateway pod, so kube-proxy need not rewrite the client's address.
                json.writeNumberField("nodePort", 31_000 + port.port() % 1000);
            }
            json.writeNumberField("port", port.port());
            json.writeStringField("protocol", port.protocol());
            json.writeNumberField("targetPort", port.targetPort());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeObjectFieldStart("selector");
        json.writeStringField(Workload.appLabelKey(service.app()), service.app());
        json.writeEndObject();
        json.writeStringField("type", service.type());
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void pod(JsonGenerator json, Pod pod, Instant created) throws IOException {
        Workload workload = pod.workload();
        boolean sidecar = workload.meshed() && workload.version() != null;
        json.writeStartObject();
        json.writeStringField("apiVersion", "v1");
        json.writeStringField("kind", "Pod");
        json.writeObjectFieldStart("metadata");
        json.writeObjectFieldStart("annotations");
        for (Map.Entry<String, String> annotation : workload.annotations().entrySet()) {
            json.writeStringField(annotation.getKey(), annotation.getValue());
        }
        if (sidecar) {
            json.writeStringField(
                    "sidecar.istio.io/status",
                    "{\"initContainers\":[\"istio-init\"],\"containers\":[\"istio-proxy\"],"
                            + "\"volumes\":[\"istio-envoy\",\"istio-data\",\"istio-podinfo\","
                            + "\"istio-token\",\"istiod-ca-cert\"],\"revision\":\"default\"}");
        }
        json.writeEndObject();
        json.writeStringField("creationTimestamp", created.toString());
        json.writeStringField("generateName", pod.replicaSet() + "-");
        json.writeObjectFieldStart("labels");
        for (Map.Entry<String, String> label : pod.labels().entrySet()) {
            json.writeStringField(label.getKey(), label.getValue());
        }
        json.writeEndObject();
        json.writeStringField("name", pod.name());
        json.writeStringField("namespace", pod.namespace());
        json.writeArrayFieldStart("ownerReferences");
        json.writeStartObject();
        json.writeStringField("apiVersion", "apps/v1");
        json.writeBooleanField("blockOwnerDeletion", true);
        json.writeBooleanField("controller", true);
        json.writeStringField("kind", "ReplicaSet");
        json.writeStringField("name", pod.replicaSet());
        json.writeEndObject();
        json.writeEndArray();
        json.writeStringField("uid", pod.uid());
        json.writeEndObject();

        json.writeObjectFieldStart("spec");
        json.writeArrayFieldStart("containers");
        if (!workload.app().equals("istio-ingressgateway")) {
            container(json, workload.app(), "docker.io/library/" + workload.app() + ":latest");
        }
        if (workload.meshed()) {
            container(json, "istio-proxy", ProxyLogs.PROXY_IMAGE);
        }
        json.writeEndArray();
        json.writeStringField("nodeName", pod.node().name());
        json.writeStringField("serviceAccount", workload.serviceAccount());
        json.writeStringField("serviceAccountName", workload.serviceAccount());
        json.writeEndObject();

        json.writeObjectFieldStart("status");
        json.writeStringField("hostIP", pod.node().ip());
        json.writeStringField("phase", "Running");
        json.writeStringField("podIP", pod.ip());
        json.writeArrayFieldStart("podIPs");
        json.writeStartObject();
        json.writeStringField("ip", pod.ip());
        json.writeEndObject();
        json.writeEndArray();
        json.writeStringField("qosClass", "Burstable");
        json.writeStringField("startTime", created.plusSeconds(4).toString());
        json.writeEndObject();
        json.writeEndObject();
    }

    private static void container(JsonGenerator json, String name, String image)
            throws IOException {
        json.writeStartObject();
        json.writeStringField("image", image);
        json.writeStringField("name", name);
        json.writeEndObject();
    }
}
