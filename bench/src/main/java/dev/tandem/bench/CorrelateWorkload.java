package dev.tandem.bench;

import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.OwnerRef;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.jobs.correlate.RawLine;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The correlate benchmark's input: a simulated cluster (workloads of two pods each, with IPs, most
 * of them meshed) and its edges over consecutive five-minute windows, written as the raw lines the
 * correlate job reads: Calico flow log JSON (one {@code src}- and one {@code dst}-reported record
 * per edge and window, with IPs, shaped like {@code flowlogs_tigera-docs_datatypes-example.ndjson})
 * and Istio access log lines (an outbound line at the client's sidecar and an inbound line at the
 * server's for every request, shaped like {@code test-access-json-logs.log} and {@code
 * test-access-logs.log}). Seeded, so every run replays the same bytes.
 *
 * <p>Every edge carries kernel flows in every window, so the windows judged are exactly {@code
 * edges x windows}, whatever correlates them. Edges come in four kinds: both sides meshed and the
 * sidecars log the traffic (MEDIATED); a meshed client whose sidecar logs nothing (BYPASS_EGRESS);
 * an unmeshed client calling a meshed server in plaintext (PLAINTEXT); neither side meshed
 * (UNMESHED). Proxy lines come in the order Envoy writes them (when a request ends), a few seconds
 * out of order against their start times.
 */
final class CorrelateWorkload {
    /** The first window's start. */
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    static final Duration WINDOW = Duration.ofMinutes(5);

    /** Lines of one edge in one window, on average: 2 flows + 2 x 2 requests for most edges. */
    private static final int LINES_PER_EDGE_WINDOW = 6;

    private static final String[] NAMESPACES = {
        "shop", "payments", "bookinfo", "catalog", "search", "identity", "billing", "edge"
    };
    private static final String[] NAMES = {
        "checkoutservice",
        "cartservice",
        "currencyservice",
        "frontend",
        "productpage",
        "details",
        "reviews",
        "ratings",
        "inventory",
        "shipping",
        "emailservice",
        "adservice"
    };
    private static final int[] PORTS = {8080, 9080, 50051, 3550, 7070};
    private static final String[] PATHS = {
        "/api/v1/products/", "/reviews/", "/ratings/", "/hipstershop.CartService/GetCart", "/"
    };
    private static final String[] AGENTS = {"Go-http-client/1.1", "grpc-go/1.56.3", "curl/7.79.1"};
    private static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final Charset UTF8 = StandardCharsets.UTF_8;
    private static final DateTimeFormatter ENVOY_TIME = DateTimeFormatter.ISO_INSTANT;

    /** Which of Istio's two encodings the job reads for proxy lines. */
    enum ProxyFormat {
        /** Every proxy line as JSON: the job reads the very bytes the SQL variant reads. */
        JSON,
        /** Every other proxy line in Istio's default TEXT format, the rest JSON. */
        MIXED
    }

    private final Random random;
    private final List<Workload> workloads = new ArrayList<>();
    private final List<PodRecord> inventory = new ArrayList<>();
    private final List<RawLine> flows = new ArrayList<>();
    private final List<RawLine> proxy = new ArrayList<>();
    private final List<RawLine> proxyJson = new ArrayList<>();
    private final int edges;
    private final int windows;

    private record Pod(String name, String ip) {}

    private record Workload(
            String namespace, String name, String hash, boolean meshed, List<Pod> pods) {}

    private record Edge(Workload client, Workload server, int port, boolean bypass) {}

    /** One proxy request as Envoy logged it, at one of its two sidecars. */
    private record ProxyLine(long writtenAt, byte[] text, byte[] json) {}

    /**
     * @param seed the random seed
     * @param records about how many lines (flows and proxy) to write
     * @param windows how many consecutive windows the edges are active in (at least 3, so that
     *     windows are judged while the input still flows)
     */
    static CorrelateWorkload generate(long seed, int records, int windows, ProxyFormat format) {
        if (records < 1 || windows < 3) {
            throw new IllegalArgumentException("need records >= 1 and windows >= 3");
        }
        return new CorrelateWorkload(seed, records, windows, format);
    }

    private CorrelateWorkload(long seed, int records, int windows, ProxyFormat format) {
        this.random = new Random(seed);
        this.windows = windows;
        int edgeCount = Math.max(4, records / (windows * LINES_PER_EDGE_WINDOW));
        // A few edges per workload, as in real service graphs.
        int workloadCount = Math.max(8, edgeCount / 3);
        for (int i = 0; i < workloadCount; i++) {
            workloads.add(workload(i));
        }
        List<Edge> edgeList = edges(edgeCount);
        this.edges = edgeList.size();
        for (int w = 0; w < windows; w++) {
            writeWindow(edgeList, T0.plus(WINDOW.multipliedBy(w)), format);
        }
    }

    /** The flow log lines, in the order Calico flushed them. */
    List<RawLine> flows() {
        return flows;
    }

    /** The proxy lines the job reads, in the order the sidecars wrote them. */
    List<RawLine> proxy() {
        return proxy;
    }

    /** The same proxy requests, all in Istio's JSON encoding: what the SQL variant reads. */
    List<RawLine> proxyJson() {
        return proxyJson;
    }

    /** The pods, so that IPs resolve to workloads. */
    List<PodRecord> inventory() {
        return inventory;
    }

    int records() {
        return flows.size() + proxy.size();
    }

    int edges() {
        return edges;
    }

    /** Edge windows any correct correlation judges: every edge has flows in every window. */
    long edgeWindows() {
        return (long) edges * windows;
    }

    private Workload workload(int index) {
        String namespace = NAMESPACES[index % NAMESPACES.length];
        String name = NAMES[index % NAMES.length] + "-" + index;
        // Kubernetes' hashes nearly always hold a digit, and WorkloadNames needs one to strip it.
        String hash = safeString(9) + "2456789".charAt(random.nextInt(7));
        boolean meshed = random.nextInt(10) != 0;
        List<Pod> pods = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            String podName = name + "-" + hash + "-" + safeString(5);
            String ip = ip();
            pods.add(new Pod(podName, ip));
            Labels labels =
                    meshed
                            ? Labels.of(
                                    Map.of(
                                            "app",
                                            name,
                                            "pod-template-hash",
                                            hash,
                                            Labels.ISTIO_TLS_MODE,
                                            "istio"))
                            : Labels.of(Map.of("app", name, "pod-template-hash", hash));
            inventory.add(
                    new PodRecord(
                            namespace,
                            podName,
                            new UUID(random.nextLong(), random.nextLong()).toString(),
                            List.of(ip),
                            T0.minus(Duration.ofDays(1)),
                            null,
                            labels,
                            name,
                            new OwnerRef("ReplicaSet", name + "-" + hash),
                            name,
                            "node-" + random.nextInt(20),
                            false,
                            meshed,
                            "Running"));
        }
        return new Workload(namespace, name, hash, meshed, pods);
    }

    private List<Edge> edges(int count) {
        Set<String> seen = new HashSet<>();
        List<Edge> list = new ArrayList<>();
        int attempts = 0;
        while (list.size() < count && attempts++ < count * 20) {
            Workload client = workloads.get(random.nextInt(workloads.size()));
            Workload server = workloads.get(random.nextInt(workloads.size()));
            int port = PORTS[random.nextInt(PORTS.length)];
            if (client == server || !seen.add(client.name + ">" + server.name + ":" + port)) {
                continue;
            }
            boolean bypass = client.meshed && random.nextInt(20) == 0;
            list.add(new Edge(client, server, port, bypass));
        }
        return list;
    }

    private void writeWindow(List<Edge> edgeList, Instant start, ProxyFormat format) {
        List<Edge> order = new ArrayList<>(edgeList);
        Collections.shuffle(order, random);
        List<ProxyLine> lines = new ArrayList<>();
        long startMillis = start.toEpochMilli();
        for (Edge edge : order) {
            Pod client = edge.client.pods.get(random.nextInt(2));
            Pod server = edge.server.pods.get(random.nextInt(2));
            int clientPort = 32768 + random.nextInt(28000);
            for (String reporter : new String[] {"src", "dst"}) {
                byte[] line = flowLine(edge, client, server, reporter, start).getBytes(UTF8);
                flows.add(RawLine.of("flows", flows.size() + 1, line));
            }
            if (edge.bypass) {
                continue;
            }
            int requests = 1 + random.nextInt(3);
            for (int r = 0; r < requests; r++) {
                // Within the window and ending in it: a request that straddles a boundary is the
                // job's neighbour rule, which the SQL variant has no counterpart for.
                long requestStart = startMillis + random.nextInt((int) WINDOW.toMillis() - 60_000);
                int duration = random.nextInt(2_000);
                if (edge.client.meshed) {
                    lines.add(
                            proxyLine(
                                    edge,
                                    client,
                                    server,
                                    clientPort,
                                    requestStart,
                                    duration,
                                    false));
                }
                if (edge.server.meshed) {
                    lines.add(
                            proxyLine(
                                    edge,
                                    client,
                                    server,
                                    clientPort,
                                    requestStart,
                                    duration,
                                    true));
                }
            }
        }
        lines.sort(Comparator.comparingLong(ProxyLine::writtenAt));
        for (ProxyLine line : lines) {
            long position = proxy.size() + 1;
            boolean text = format == ProxyFormat.MIXED && position % 2 == 0;
            proxy.add(RawLine.of("proxy", position, text ? line.text : line.json));
            proxyJson.add(RawLine.of("proxy", position, line.json));
        }
    }

    private String flowLine(Edge edge, Pod client, Pod server, String reporter, Instant start) {
        long s = start.getEpochSecond();
        Workload src = edge.client;
        Workload dst = edge.server;
        return "{\"start_time\":"
                + s
                + ",\"end_time\":"
                + (s + WINDOW.toSeconds())
                + ",\"source_ip\":\""
                + client.ip
                + "\",\"source_name\":\""
                + client.name
                + "\",\"source_name_aggr\":\""
                + src.name
                + "-"
                + src.hash
                + "-*\",\"source_namespace\":\""
                + src.namespace
                + "\",\"source_port\":null,\"source_type\":\"wep\",\"source_labels\":{\"labels\":["
                + labels(src)
                + "]},\"dest_ip\":\""
                + server.ip
                + "\",\"dest_name\":\""
                + server.name
                + "\",\"dest_name_aggr\":\""
                + dst.name
                + "-"
                + dst.hash
                + "-*\",\"dest_namespace\":\""
                + dst.namespace
                + "\",\"dest_port\":"
                + edge.port
                + ",\"dest_type\":\"wep\",\"dest_labels\":{\"labels\":["
                + labels(dst)
                + "]},\"dest_service_namespace\":\""
                + dst.namespace
                + "\",\"dest_service_name\":\""
                + dst.name
                + "\",\"dest_service_port\":\"http\",\"dest_service_port_num\":"
                + edge.port
                + ",\"proto\":\"tcp\",\"action\":\"allow\",\"reporter\":\""
                + reporter
                + "\",\"policies\":{\"all_policies\":[\"0|default|"
                + dst.namespace
                + "/default.allow-"
                + dst.name
                + "|allow|0\"],\"enforced_policies\":[\"0|default|"
                + dst.namespace
                + "/default.allow-"
                + dst.name
                + "|allow|0\"],\"pending_policies\":[]}"
                + ",\"bytes_in\":"
                + random.nextInt(100_000)
                + ",\"bytes_out\":"
                + random.nextInt(100_000)
                + ",\"num_flows\":"
                + (1 + random.nextInt(20))
                + ",\"num_flows_started\":"
                + random.nextInt(20)
                + ",\"num_flows_completed\":"
                + random.nextInt(20)
                + ",\"packets_in\":"
                + random.nextInt(1000)
                + ",\"packets_out\":"
                + random.nextInt(1000)
                + ",\"http_requests_allowed_in\":0,\"http_requests_denied_in\":0"
                + ",\"original_source_ips\":null,\"num_original_source_ips\":0,\"host\":\"node-"
                + random.nextInt(20)
                + "\",\"@timestamp\":"
                + (s + WINDOW.toSeconds()) * 1000
                + "}";
    }

    private static String labels(Workload w) {
        return "\"app="
                + w.name
                + "\",\"pod-template-hash="
                + w.hash
                + "\""
                + (w.meshed ? ",\"security.istio.io/tlsMode=istio\"" : "");
    }

    /**
     * One request at one sidecar. Outbound (client side): {@code outbound|PORT||FQDN}, upstream
     * host = the server pod. Inbound (server side): {@code inbound|PORT||}, local address = the
     * server pod, remote = the client pod, Istio's {@code outbound_.} SNI when the client's sidecar
     * originated mTLS.
     */
    private ProxyLine proxyLine(
            Edge edge,
            Pod client,
            Pod server,
            int clientPort,
            long startMillis,
            int duration,
            boolean inbound) {
        String start = ENVOY_TIME.format(Instant.ofEpochMilli(startMillis));
        String base = PATHS[random.nextInt(PATHS.length)];
        String path = base.endsWith("/") ? base + random.nextInt(1000) : base;
        String agent = AGENTS[random.nextInt(AGENTS.length)];
        String requestId = new UUID(random.nextLong(), random.nextLong()).toString();
        String fqdn = edge.server.name + "." + edge.server.namespace + ".svc.cluster.local";
        String authority = edge.server.name + ":" + edge.port;
        String upstreamHost = server.ip + ":" + edge.port;
        String cluster =
                inbound ? "inbound|" + edge.port + "||" : "outbound|" + edge.port + "||" + fqdn;
        String upstreamLocal =
                inbound
                        ? "127.0.0.6:" + (32768 + random.nextInt(28000))
                        : client.ip + ":" + (32768 + random.nextInt(28000));
        String downstreamLocal = inbound ? server.ip + ":" + edge.port : "10.96.0.10:" + edge.port;
        String downstreamRemote = client.ip + ":" + clientPort;
        String sni =
                inbound && edge.client.meshed ? "outbound_." + edge.port + "_._." + fqdn : null;
        int sent = random.nextInt(20_000);
        int serviceTime = Math.max(0, duration - 1);
        IstioRequestLine line =
                new IstioRequestLine(
                        start,
                        path,
                        sent,
                        duration,
                        serviceTime,
                        agent,
                        requestId,
                        authority,
                        upstreamHost,
                        cluster,
                        upstreamLocal,
                        downstreamLocal,
                        downstreamRemote,
                        sni);
        return new ProxyLine(startMillis + duration, line.text(), line.json());
    }

    /** Unique per pod: a reused IP would be another benchmark (IpHistory has its own tests). */
    private String ip() {
        int n = inventory.size();
        return "10." + (n / (250 * 256)) + "." + (n / 250 % 256) + "." + (1 + n % 250);
    }

    private String safeString(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(SAFE_ALPHABET.charAt(random.nextInt(SAFE_ALPHABET.length())));
        }
        return s.toString();
    }
}
