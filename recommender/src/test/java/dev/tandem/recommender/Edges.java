package dev.tandem.recommender;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.KernelEvidence;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.ProxyEvidence;
import dev.tandem.ingest.model.Verdict;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Builders of endpoints and edge windows for recommender tests. */
final class Edges {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private Edges() {}

    /**
     * A workload with a sidecar, the labels its pods really carry (including the pod-template hash
     * and Istio's labels, which must never reach a selector) plus {@code extraLabels} as k, v
     * pairs.
     */
    static EndpointRef meshed(String ns, String workload, String sa, String... extraLabels) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("pod-template-hash", "5d8f7c9b6" + workload.length());
        labels.put("security.istio.io/tlsMode", "istio");
        labels.put("service.istio.io/canonical-name", workload);
        for (int i = 0; i < extraLabels.length; i += 2) {
            labels.put(extraLabels[i], extraLabels[i + 1]);
        }
        return new EndpointRef(ns, workload, EndpointKind.WORKLOAD, Labels.of(labels), true, sa);
    }

    /** A workload without a sidecar. */
    static EndpointRef plain(String ns, String workload, String sa, String... labels) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < labels.length; i += 2) {
            map.put(labels[i], labels[i + 1]);
        }
        return new EndpointRef(ns, workload, EndpointKind.WORKLOAD, Labels.of(map), false, sa);
    }

    /** HTTP requests between two sidecars over mTLS: {@code requests} of {@code method path}. */
    static EdgeWindow mediated(
            EndpointRef from,
            EndpointRef to,
            int port,
            Instant start,
            String method,
            String path,
            long requests) {
        return http(
                from,
                to,
                port,
                start,
                Map.of(method, requests),
                Map.of(path, requests),
                requests,
                0,
                Verdict.MEDIATED);
    }

    static EdgeWindow http(
            EndpointRef from,
            EndpointRef to,
            int port,
            Instant start,
            Map<String, Long> methods,
            Map<String, Long> paths,
            long mtls,
            long plaintext,
            Verdict verdict) {
        long requests = mtls + plaintext;
        ProxyEvidence proxy =
                new ProxyEvidence(
                        from.meshed() ? requests : 0,
                        requests,
                        mtls,
                        plaintext,
                        new TreeMap<>(methods),
                        new TreeMap<>(paths),
                        new TreeMap<>(Map.of(200, requests)),
                        from.meshed() && from.serviceAccount() != null
                                ? List.of(
                                        "spiffe://cluster.local/ns/"
                                                + from.namespace()
                                                + "/sa/"
                                                + from.serviceAccount())
                                : List.of(),
                        List.of(to.workload() + ":" + port));
        return new EdgeWindow(
                from,
                to,
                port,
                "tcp",
                start,
                start.plusSeconds(300),
                kernel(requests, false),
                proxy,
                verdict,
                0.9,
                "test");
    }

    /** Kernel-only traffic (no sidecar saw it) with the given verdict. */
    static EdgeWindow kernelOnly(
            EndpointRef from,
            EndpointRef to,
            int port,
            String protocol,
            Instant start,
            Verdict verdict) {
        return new EdgeWindow(
                from,
                to,
                port,
                protocol,
                start,
                start.plusSeconds(300),
                kernel(3, verdict == Verdict.DENIED),
                null,
                verdict,
                0.8,
                "test");
    }

    private static KernelEvidence kernel(long connections, boolean denied) {
        return new KernelEvidence(
                2,
                2,
                connections,
                connections * 900,
                connections * 12,
                denied ? 0 : 4,
                denied ? 4 : 0,
                List.of(),
                List.of());
    }
}
