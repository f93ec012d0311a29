package dev.tandem.bench;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.KernelEvidence;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.ProxyEvidence;
import dev.tandem.ingest.model.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.TreeMap;

/**
 * Edge windows of a simulated cluster for the recommend benchmark, from a seeded random so every
 * run writes the same archive.
 *
 * <p>The cluster: {@code workloads} workloads spread over 200 namespaces, nine in ten with a
 * sidecar. Each calls three others (two in its own namespace, one elsewhere) on one of a few ports,
 * and one in twenty also resolves names through kube-dns over UDP. Every edge carries one window
 * per 5-minute interval, so a larger archive is a longer lookback over the same edges, as in a real
 * cluster. HTTP edges carry methods and paths with ids in them (which the planner must fold into
 * templates); most windows are MEDIATED, with a few edges that sometimes bypass, arrive in
 * plaintext or are denied.
 */
final class SyntheticEdges {
    static final Instant START = Instant.parse("2026-11-20T00:00:00Z");
    static final int NAMESPACES = 200;
    private static final long WINDOW_SECONDS = 300;
    private static final int[] PORTS = {8080, 8080, 8080, 9080, 5432, 6379, 443};
    private static final String[] RESOURCES = {"orders", "items", "users", "carts", "reviews"};

    private final List<Edge> edges = new ArrayList<>();

    /** One calling pair on one port, with what its windows look like. */
    private record Edge(
            EndpointRef source,
            EndpointRef destination,
            int port,
            String protocol,
            boolean http,
            String resource,
            boolean troubled) {}

    SyntheticEdges(long seed, int workloads) {
        Random random = new Random(seed);
        List<EndpointRef> refs = new ArrayList<>(workloads);
        for (int i = 0; i < workloads; i++) {
            String namespace = "team-" + (i % NAMESPACES);
            String name = "svc-" + (i / NAMESPACES);
            boolean meshed = random.nextInt(10) != 0;
            Map<String, String> labels = new TreeMap<>();
            labels.put("app", name);
            labels.put("version", "v" + (1 + random.nextInt(3)));
            labels.put("pod-template-hash", Integer.toHexString(random.nextInt()));
            if (meshed) {
                labels.put("security.istio.io/tlsMode", "istio");
                labels.put("service.istio.io/canonical-name", name);
            }
            refs.add(
                    new EndpointRef(
                            namespace,
                            name,
                            EndpointKind.WORKLOAD,
                            Labels.of(labels),
                            meshed,
                            name + "-sa"));
        }
        EndpointRef dns =
                new EndpointRef(
                        "kube-system",
                        "coredns",
                        EndpointKind.WORKLOAD,
                        Labels.of(Map.of("k8s-app", "kube-dns")),
                        false,
                        "coredns");
        int perNamespace = workloads / NAMESPACES;
        for (int i = 0; i < workloads; i++) {
            EndpointRef source = refs.get(i);
            int ns = i % NAMESPACES;
            for (int c = 0; c < 3; c++) {
                int target =
                        c < 2 && perNamespace > 1
                                ? ns + NAMESPACES * random.nextInt(perNamespace)
                                : random.nextInt(workloads);
                if (target == i || target >= workloads) {
                    target = (i + 1) % workloads;
                }
                int port = PORTS[random.nextInt(PORTS.length)];
                boolean http = port == 8080 || port == 9080;
                edges.add(
                        new Edge(
                                source,
                                refs.get(target),
                                port,
                                "tcp",
                                http,
                                RESOURCES[random.nextInt(RESOURCES.length)],
                                random.nextInt(20) == 0));
            }
            if (random.nextInt(20) == 0) {
                edges.add(new Edge(source, dns, 53, "udp", false, null, false));
            }
        }
    }

    int edgeCount() {
        return edges.size();
    }

    /** {@code count} windows, interval by interval, every edge once per interval; streamed. */
    Iterator<EdgeWindow> windows(long count, long seed) {
        Random random = new Random(seed);
        return new Iterator<>() {
            long produced;

            @Override
            public boolean hasNext() {
                return produced < count;
            }

            @Override
            public EdgeWindow next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Edge edge = edges.get((int) (produced % edges.size()));
                long interval = produced / edges.size();
                produced++;
                return window(edge, START.plusSeconds(interval * WINDOW_SECONDS), random);
            }
        };
    }

    private static EdgeWindow window(Edge edge, Instant start, Random random) {
        boolean meshedPair = edge.source.meshed() && edge.destination.meshed();
        Verdict verdict = verdict(edge, meshedPair, random);
        long connections = 1 + random.nextInt(40);
        boolean denied = verdict == Verdict.DENIED;
        KernelEvidence kernel =
                new KernelEvidence(
                        1 + random.nextInt(3),
                        1 + random.nextInt(3),
                        connections,
                        connections * (500 + random.nextInt(4000)),
                        connections * (4 + random.nextInt(20)),
                        denied ? 0 : 2,
                        denied ? 2 : 0,
                        List.of(),
                        List.of());
        ProxyEvidence proxy = ProxyEvidence.none();
        boolean proxied = verdict == Verdict.MEDIATED || verdict == Verdict.PLAINTEXT;
        if (proxied) {
            long requests = connections * (1 + random.nextInt(5));
            long plaintext = verdict == Verdict.PLAINTEXT ? requests : 0;
            TreeMap<String, Long> methods = new TreeMap<>();
            TreeMap<String, Long> paths = new TreeMap<>();
            if (edge.http) {
                long gets = requests - requests / 4;
                methods.put("GET", gets);
                if (requests > gets) {
                    methods.put("POST", requests - gets);
                }
                paths.put("/api/v1/" + edge.resource, requests / 2);
                paths.put(
                        "/api/v1/" + edge.resource + "/" + random.nextInt(5000),
                        requests - requests / 2);
                if (random.nextInt(4) == 0) {
                    paths.put("/healthz", 1L);
                }
            }
            List<String> principals =
                    plaintext > 0
                            ? List.of()
                            : List.of(
                                    "spiffe://cluster.local/ns/"
                                            + edge.source.namespace()
                                            + "/sa/"
                                            + edge.source.serviceAccount());
            proxy =
                    new ProxyEvidence(
                            requests,
                            requests,
                            requests - plaintext,
                            plaintext,
                            methods,
                            paths,
                            new TreeMap<>(Map.of(200, requests)),
                            principals,
                            List.of(edge.destination.workload() + ":" + edge.port));
        }
        return new EdgeWindow(
                edge.source,
                edge.destination,
                edge.port,
                edge.protocol,
                start,
                start.plusSeconds(WINDOW_SECONDS),
                kernel,
                proxy,
                verdict,
                0.5 + random.nextInt(50) / 100.0,
                verdict.name().toLowerCase(java.util.Locale.ROOT) + " in this window");
    }

    private static Verdict verdict(Edge edge, boolean meshedPair, Random random) {
        if (!edge.source.meshed() && !edge.destination.meshed()) {
            return Verdict.UNMESHED;
        }
        if (edge.troubled) {
            int roll = random.nextInt(10);
            if (roll == 0) {
                return edge.destination.meshed() ? Verdict.BYPASS_INGRESS : Verdict.BYPASS_EGRESS;
            }
            if (roll == 1) {
                return Verdict.PLAINTEXT;
            }
            if (roll == 2) {
                return Verdict.DENIED;
            }
        }
        if (!meshedPair) {
            // One side meshed: the kernel still sees it and the sidecar that exists logs it.
            return edge.destination.meshed() ? Verdict.PLAINTEXT : Verdict.MEDIATED;
        }
        return Verdict.MEDIATED;
    }
}
