package dev.tandem.scenario;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Collects the access log lines of every sidecar and gateway into the files a node holds, in the
 * envelope each is collected in:
 *
 * <ul>
 *   <li>most pods: Fluent Bit's tail input with {@code multiline.parser cri} and the kubernetes
 *       filter, written by its {@code file} output as JSON lines ({@code
 *       fluent-bit/istio-proxy.log} on each node) — the envelope names the pod;
 *   <li>the ingress gateway: the same, with Istio's JSON encoding (a {@code Telemetry} resource
 *       giving the gateway its own format);
 *   <li>{@code ratings}: the container runtime's own files, {@code
 *       var/log/containers/POD_NAMESPACE_istio-proxy-ID.log} (CRI lines name no pod; the inventory
 *       finds it by the line's own address).
 * </ul>
 *
 * Lines are written when a request ends, so each file is in end-time order.
 */
final class ProxyLogs {
    static final String FLUENT_BIT_FILE = "fluent-bit/istio-proxy.log";
    static final String PROXY_IMAGE = "docker.io/istio/proxyv2:1.24.2";

    private static final JsonFactory JSON = new JsonFactory();

    private record Line(Instant written, String text) {}

    private final Map<String, List<Line>> files = new TreeMap<>();
    private final Map<String, String> containerIds = new HashMap<>();

    void add(AccessEntry entry) {
        Pod pod = entry.pod();
        Instant written = entry.written();
        if (pod.workload().app().equals("ratings")) {
            String text =
                    DateTimeFormatter.ISO_INSTANT.format(runtimeTime(written))
                            + " stdout F "
                            + EnvoyLineWriter.text(entry);
            files.computeIfAbsent(criFile(pod, containerId(pod)), f -> new ArrayList<>())
                    .add(new Line(written, text));
            return;
        }
        boolean gateway = pod.workload().app().equals("istio-ingressgateway");
        String log = gateway ? EnvoyLineWriter.json(entry) : EnvoyLineWriter.text(entry);
        files.computeIfAbsent(pod.node().name() + "/" + FLUENT_BIT_FILE, f -> new ArrayList<>())
                .add(new Line(written, fluentBit(pod, written, log)));
    }

    /** File (relative to the scenario folder) to its lines, in the order they were written. */
    Map<String, List<String>> files() {
        Map<String, List<String>> out = new TreeMap<>();
        for (Map.Entry<String, List<Line>> file : files.entrySet()) {
            List<Line> lines = new ArrayList<>(file.getValue());
            lines.sort(
                    (a, b) -> {
                        int byTime = a.written().compareTo(b.written());
                        return byTime != 0 ? byTime : a.text().compareTo(b.text());
                    });
            out.put(file.getKey(), lines.stream().map(Line::text).toList());
        }
        return out;
    }

    static String criFile(Pod pod, String containerId) {
        return pod.node().name()
                + "/var/log/containers/"
                + pod.name()
                + "_"
                + pod.namespace()
                + "_istio-proxy-"
                + containerId
                + ".log";
    }

    /** The runtime stamps a line a fraction of a millisecond after Envoy wrote it. */
    private static Instant runtimeTime(Instant written) {
        return written.plusNanos(317_042);
    }

    private String fluentBit(Pod pod, Instant written, String log) {
        StringWriter out = new StringWriter(log.length() + 700);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeStringField(
                    "time", DateTimeFormatter.ISO_INSTANT.format(runtimeTime(written)));
            json.writeStringField("stream", "stdout");
            json.writeStringField("_p", "F");
            json.writeStringField("log", log);
            json.writeObjectFieldStart("kubernetes");
            json.writeStringField("pod_name", pod.name());
            json.writeStringField("namespace_name", pod.namespace());
            json.writeStringField("pod_id", pod.uid());
            json.writeObjectFieldStart("labels");
            for (Map.Entry<String, String> label : pod.labels().entrySet()) {
                json.writeStringField(label.getKey(), label.getValue());
            }
            json.writeEndObject();
            json.writeStringField("host", pod.node().name());
            json.writeStringField("pod_ip", pod.ip());
            json.writeStringField("container_name", "istio-proxy");
            json.writeStringField("docker_id", containerId(pod));
            json.writeStringField("container_image", PROXY_IMAGE);
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** A container id that follows from the pod's UID, so that reruns give the same one. */
    private String containerId(Pod pod) {
        return containerIds.computeIfAbsent(pod.uid(), ProxyLogs::sha256);
    }

    private static String sha256(String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
