package dev.tandem.scenario;

import dev.tandem.ingest.model.Verdict;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates a scenario's traffic interval by interval, into the kernel's tally ({@link
 * KernelTally}) and the sidecars' access logs ({@link ProxyLogs}):
 *
 * <ul>
 *   <li>Bookinfo page views through the ingress gateway: productpage → details, productpage →
 *       reviews v1/v2/v3, reviews v2/v3 → ratings, mTLS between sidecars, logged by both sides;
 *   <li>the cluster's background: kubelet probes from each node (to 15020/15021 on meshed pods),
 *       Prometheus scraping 15020/15090 and CoreDNS, DNS from unmeshed pods, CoreDNS forwarding
 *       upstream;
 *   <li>in the first Bookinfo only, the {@link Injection injected} anomalies.
 * </ul>
 *
 * Everything random comes from one {@link Random}, drawn in a fixed order: the same seed gives the
 * same traffic.
 */
final class Traffic {
    static final int DEBUG_PORT = 5005;
    static final String EXFILTRATION_IP = "203.0.113.50";
    static final String UPSTREAM_DNS_IP = "169.254.169.253";
    static final String DENY_POLICY = "0|security|security.restrict-tools-egress|deny|-1";

    private static final int PAGE_VIEWS_PER_INTERVAL = 40;
    private static final String BROWSER =
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0";

    private final ScenarioSpec spec;
    private final Cluster cluster;
    private final Random random;
    private final KernelTally kernel = new KernelTally();
    private final ProxyLogs proxy = new ProxyLogs();
    private final List<Injection> injections = new ArrayList<>();
    private long requests;

    // Interval indexes of the injected anomalies, as fractions of the run so that any length works.
    private final int egressAt;
    private final int ingressAt;
    private final int deniedAt;

    Traffic(ScenarioSpec spec, Cluster cluster, Random random) {
        this.spec = spec;
        this.cluster = cluster;
        this.random = random;
        int n = spec.intervals();
        egressAt = n * 2 / 5;
        ingressAt = n * 3 / 5;
        deniedAt = n * 3 / 4;
    }

    void run() {
        List<Instant> plaintextWindows = new ArrayList<>();
        for (int i = 0; i < spec.intervals(); i++) {
            Instant start = spec.start().plus(ScenarioSpec.INTERVAL.multipliedBy(i));
            for (int c = 0; c < cluster.copies.size(); c++) {
                int views = pageViews(start);
                for (int v = 0; v < views; v++) {
                    pageView(cluster.copies.get(c), cluster.gateways.get(c), start);
                }
            }
            background(start);
            Cluster.Copy first = cluster.copies.get(0);
            if (i == egressAt || i == egressAt + 1) {
                exfiltration(first, start);
            }
            if (i == ingressAt || i == ingressAt + 1) {
                debugger(first, start);
            }
            if (i == deniedAt) {
                deniedProbe(first, start);
            }
            if (start.atZone(ZoneOffset.UTC).getMinute() == 5) {
                batchJob(first, start);
                plaintextWindows.add(start);
            }
        }
        record(plaintextWindows);
    }

    KernelTally kernel() {
        return kernel;
    }

    ProxyLogs proxy() {
        return proxy;
    }

    List<Injection> injections() {
        return injections;
    }

    long requests() {
        return requests;
    }

    /** Around 40 views per interval, busier towards midday. */
    private int pageViews(Instant start) {
        double hour = (start.getEpochSecond() % 86_400) / 3600.0;
        double daily = 1 + 0.35 * Math.sin(2 * Math.PI * (hour - 9) / 24);
        return (int)
                Math.round(PAGE_VIEWS_PER_INTERVAL * daily * (0.85 + 0.3 * random.nextDouble()));
    }

    private void pageView(Cluster.Copy copy, Pod gateway, Instant intervalStart) {
        Instant t = intervalStart.plusMillis(random.nextInt(300_000 - 2_000));
        String requestId = Cluster.uuid(random);
        String user = "198.51.100." + (1 + random.nextInt(200)) + ":" + ephemeralPort();
        double kind = random.nextDouble();
        String method = "GET";
        String path;
        long size;
        if (kind < 0.80) {
            path = "/productpage";
            size = 4_900 + random.nextInt(400);
        } else if (kind < 0.90) {
            path = "/static/bootstrap/css/bootstrap.min.css";
            size = 121_200;
        } else if (kind < 0.95) {
            path = "/api/v1/products";
            size = 395;
        } else {
            method = "POST";
            path = "/login";
            size = 0;
        }
        long downstream = 0;
        if (path.equals("/productpage")) {
            downstream = chain(copy, t.plusMillis(3), requestId);
        }
        long duration = downstream + 4 + random.nextInt(12);
        String gatewayLocal = gateway.ip() + ":" + ephemeralPort();
        proxy.add(
                new AccessEntry(
                        gateway,
                        t,
                        method,
                        path,
                        "HTTP/1.1",
                        method.equals("POST") ? 302 : 200,
                        null,
                        "via_upstream",
                        method.equals("POST") ? 48 : 0,
                        size,
                        duration + 1,
                        duration,
                        user.substring(0, user.indexOf(':')),
                        BROWSER,
                        requestId,
                        "bookinfo.example.com",
                        copy.productpage().ip() + ":" + Cluster.BOOKINFO_PORT,
                        outbound(copy.productpageService()),
                        gatewayLocal,
                        gateway.ip() + ":" + Cluster.GATEWAY_PORT,
                        user,
                        null,
                        null));
        inbound(
                copy.productpage(),
                copy.productpageService(),
                t.plusMillis(1),
                method,
                path,
                method.equals("POST") ? 302 : 200,
                size,
                duration - 1,
                BROWSER,
                requestId,
                gatewayLocal,
                true);
        kernelHop(gateway, copy.productpage(), copy.productpageService(), t, size + 600);
        requests++;
    }

    /** productpage's calls for one page: details, then reviews (and ratings behind v2, v3). */
    private long chain(Cluster.Copy copy, Instant t, String requestId) {
        long details = 2 + random.nextInt(7);
        hop(
                copy.productpage(),
                copy.details(),
                copy.detailsService(),
                t,
                "/details/0",
                178,
                details,
                "python-requests/2.31.0",
                requestId);
        Pod reviews = copy.reviews().get(random.nextInt(copy.reviews().size()));
        Instant reviewsAt = t.plusMillis(details + 1);
        long ratings = 0;
        if (!reviews.workload().version().equals("v1")) {
            ratings = 1 + random.nextInt(5);
            hop(
                    reviews,
                    copy.ratings(),
                    copy.ratingsService(),
                    reviewsAt.plusMillis(2),
                    "/ratings/0",
                    48,
                    ratings,
                    "Apache-CXF/3.1.18",
                    requestId);
        }
        long reviewsTime = ratings + 5 + random.nextInt(15);
        hop(
                copy.productpage(),
                reviews,
                copy.reviewsService(),
                reviewsAt,
                "/reviews/0",
                reviews.workload().version().equals("v1") ? 295 : 379,
                reviewsTime,
                "python-requests/2.31.0",
                requestId);
        return details + reviewsTime + 2;
    }

    /** A request between two meshed pods: the client's outbound line, the server's inbound line. */
    private void hop(
            Pod client,
            Pod server,
            Service service,
            Instant t,
            String path,
            long size,
            long duration,
            String userAgent,
            String requestId) {
        String clientAddress = client.ip() + ":" + ephemeralPort();
        proxy.add(
                new AccessEntry(
                        client,
                        t,
                        "GET",
                        path,
                        "HTTP/1.1",
                        200,
                        null,
                        "via_upstream",
                        0,
                        size,
                        duration + 1,
                        duration,
                        null,
                        userAgent,
                        requestId,
                        service.name() + ":" + service.port(),
                        server.ip() + ":" + service.targetPort(),
                        outbound(service),
                        clientAddress,
                        service.clusterIp() + ":" + service.port(),
                        client.ip() + ":" + ephemeralPort(),
                        null,
                        "default"));
        inbound(
                server,
                service,
                t.plusMillis(1),
                "GET",
                path,
                200,
                size,
                duration - 1,
                userAgent,
                requestId,
                clientAddress,
                true);
        kernelHop(client, server, service, t, size + 450);
        requests++;
    }

    /** The server sidecar's line; without mTLS there is no Istio SNI to log. */
    private void inbound(
            Pod server,
            Service service,
            Instant t,
            String method,
            String path,
            int code,
            long size,
            long duration,
            String userAgent,
            String requestId,
            String peerAddress,
            boolean mutualTls) {
        proxy.add(
                new AccessEntry(
                        server,
                        t,
                        method,
                        path,
                        "HTTP/1.1",
                        code,
                        null,
                        "via_upstream",
                        method.equals("POST") ? 48 : 0,
                        size,
                        Math.max(1, duration),
                        Math.max(0, duration - 1),
                        null,
                        userAgent,
                        requestId,
                        service.name() + ":" + service.port(),
                        server.ip() + ":" + service.targetPort(),
                        "inbound|" + service.targetPort() + "||",
                        "127.0.0.6:" + ephemeralPort(),
                        server.ip() + ":" + service.targetPort(),
                        peerAddress,
                        mutualTls ? "outbound_." + service.port() + "_._." + service.fqdn() : null,
                        "default"));
    }

    /** Sidecars pool connections: a new one for about one request in 25. */
    private void kernelHop(Pod client, Pod server, Service service, Instant t, long bytes) {
        kernel.add(
                new KernelFlow(
                        windowOf(t).getEpochSecond(),
                        Peer.of(client),
                        Peer.of(server),
                        service.targetPort(),
                        "tcp",
                        service,
                        client.workload().meshed() ? "envoy" : client.workload().process(),
                        "envoy",
                        null,
                        random.nextInt(25) == 0 ? 1 : 0,
                        bytes * 2 / 5,
                        bytes * 3 / 5));
    }

    /** Probes, scrapes and DNS: every interval, the same shape. */
    private void background(Instant start) {
        long at = start.getEpochSecond();
        for (Pod pod : cluster.pods) {
            for (int port : probes(pod)) {
                // Every 10 s, a fresh connection from the kubelet on the pod's node.
                kernel.add(
                        new KernelFlow(
                                at,
                                Peer.host(pod.node()),
                                Peer.of(pod),
                                port,
                                "tcp",
                                null,
                                "kubelet",
                                probeProcess(pod, port),
                                null,
                                30,
                                30 * 140,
                                30 * 160));
            }
            for (int port : scrapes(pod)) {
                kernel.add(
                        new KernelFlow(
                                at,
                                Peer.of(cluster.prometheus),
                                Peer.of(pod),
                                port,
                                "tcp",
                                null,
                                "prometheus",
                                probeProcess(pod, port),
                                null,
                                1,
                                20 * 260,
                                20 * (9_000 + random.nextInt(2_000))));
            }
        }
        dns(cluster.prometheus, at, 4);
        for (Pod dns : cluster.coreDns) {
            kernel.add(
                    new KernelFlow(
                            at,
                            Peer.of(dns),
                            Peer.external(UPSTREAM_DNS_IP, "pvt"),
                            53,
                            "udp",
                            null,
                            "coredns",
                            null,
                            null,
                            2 + random.nextInt(4),
                            180,
                            420));
        }
    }

    /** Istio rewrites the app's HTTP probes to the agent's 15020; 15021 is Envoy's readiness. */
    private static List<Integer> probes(Pod pod) {
        Workload w = pod.workload();
        if (w.meshed() && w.version() != null) {
            return List.of(15020, 15021);
        }
        return switch (w.app()) {
            case "istio-ingressgateway" -> List.of(15021);
            case "kube-dns" -> List.of(8080, 8181);
            case "prometheus" -> List.of(9090);
            default -> List.of();
        };
    }

    private static List<Integer> scrapes(Pod pod) {
        Workload w = pod.workload();
        if (w.meshed() && w.version() != null) {
            return List.of(15020, 15090);
        }
        return switch (w.app()) {
            case "istio-ingressgateway" -> List.of(15090);
            case "kube-dns" -> List.of(9153);
            default -> List.of();
        };
    }

    /** Who accepts on a port: the agent serves 15020, Envoy 15021 and 15090, else the app. */
    private static String probeProcess(Pod pod, int port) {
        if (port == 15020) {
            return "pilot-agent";
        }
        if (port == 15021 || port == 15090) {
            return "envoy";
        }
        return pod.workload().process();
    }

    /** DNS lookups over UDP to one of CoreDNS's pods through kube-dns. */
    private void dns(Pod client, long at, int lookups) {
        Pod server = cluster.coreDns.get(random.nextInt(cluster.coreDns.size()));
        kernel.add(
                new KernelFlow(
                        at,
                        Peer.of(client),
                        Peer.of(server),
                        53,
                        "udp",
                        cluster.kubeDns,
                        client.workload().process(),
                        "coredns",
                        null,
                        lookups,
                        lookups * 90L,
                        lookups * 210L));
    }

    /** ratings' pod sends data out with curl as the proxy's UID, which iptables lets pass. */
    private void exfiltration(Cluster.Copy copy, Instant start) {
        kernel.add(
                new KernelFlow(
                        start.getEpochSecond(),
                        Peer.of(copy.ratings()),
                        Peer.external(EXFILTRATION_IP, "pub"),
                        443,
                        "tcp",
                        null,
                        "curl",
                        null,
                        null,
                        2,
                        1_800_000 + random.nextInt(100_000),
                        4_200));
    }

    /**
     * A debugger attached from the netshoot pod to reviews-v3's JDWP port, which the sidecar does
     * not intercept.
     */
    private void debugger(Cluster.Copy copy, Instant start) {
        Pod reviews = copy.reviews().get(2);
        kernel.add(
                new KernelFlow(
                        start.getEpochSecond(),
                        Peer.of(cluster.netshoot),
                        Peer.of(reviews),
                        DEBUG_PORT,
                        "tcp",
                        null,
                        "jdb",
                        "java",
                        null,
                        1,
                        24_000 + random.nextInt(4_000),
                        310_000 + random.nextInt(40_000)));
        dns(cluster.netshoot, start.getEpochSecond(), 2);
    }

    /** The same pod tries ratings' MySQL port; the security tier's egress policy drops it. */
    private void deniedProbe(Cluster.Copy copy, Instant start) {
        kernel.add(
                new KernelFlow(
                        start.getEpochSecond(),
                        Peer.of(cluster.netshoot),
                        Peer.of(copy.ratings()),
                        3306,
                        "tcp",
                        null,
                        "nc",
                        null,
                        DENY_POLICY,
                        3,
                        180,
                        0));
    }

    /** An hourly job in the unmeshed legacy namespace calls productpage's API in plaintext. */
    private void batchJob(Cluster.Copy copy, Instant start) {
        Instant t = start.plusSeconds(120 + random.nextInt(60));
        Pod client = cluster.batchClient;
        for (int r = 0; r < 5; r++) {
            Instant at = t.plusMillis(r * 350L);
            inbound(
                    copy.productpage(),
                    copy.productpageService(),
                    at,
                    "GET",
                    "/api/v1/products",
                    200,
                    395,
                    3 + random.nextInt(5),
                    "python-requests/2.31.0",
                    Cluster.uuid(random),
                    client.ip() + ":" + ephemeralPort(),
                    false);
            requests++;
        }
        kernel.add(
                new KernelFlow(
                        start.getEpochSecond(),
                        Peer.of(client),
                        Peer.of(copy.productpage()),
                        Cluster.BOOKINFO_PORT,
                        "tcp",
                        copy.productpageService(),
                        "python3",
                        "envoy",
                        null,
                        5,
                        5 * 180,
                        5 * 650));
        dns(client, start.getEpochSecond(), 2);
    }

    private void record(List<Instant> plaintextWindows) {
        Cluster.Copy first = cluster.copies.get(0);
        String ns = first.namespace();
        Instant egress = windowStart(egressAt);
        injections.add(
                new Injection(
                        Verdict.BYPASS_EGRESS,
                        ns,
                        "ratings-v1",
                        null,
                        EXFILTRATION_IP,
                        443,
                        "tcp",
                        List.of(egress, windowStart(egressAt + 1)),
                        "ratings' pod sent 1.8 MB to "
                                + EXFILTRATION_IP
                                + ":443 with curl running as the proxy's"
                                + " UID, around the sidecar"));
        injections.add(
                new Injection(
                        Verdict.BYPASS_INGRESS,
                        "tools",
                        "netshoot",
                        ns,
                        "reviews-v3",
                        DEBUG_PORT,
                        "tcp",
                        List.of(windowStart(ingressAt), windowStart(ingressAt + 1)),
                        "a debugger in tools/netshoot attached to reviews-v3's JDWP port "
                                + DEBUG_PORT
                                + ", excluded from the sidecar's interception"));
        injections.add(
                new Injection(
                        Verdict.PLAINTEXT,
                        "legacy",
                        "batch-client",
                        ns,
                        "productpage-v1",
                        Cluster.BOOKINFO_PORT,
                        "tcp",
                        plaintextWindows,
                        "an hourly job in the unmeshed legacy namespace calls productpage's API without mTLS"));
        injections.add(
                new Injection(
                        Verdict.DENIED,
                        "tools",
                        "netshoot",
                        ns,
                        "ratings-v1",
                        3306,
                        "tcp",
                        List.of(windowStart(deniedAt)),
                        "tools/netshoot probed ratings' MySQL port; Calico's security tier denied it"));
    }

    private Instant windowStart(int interval) {
        return spec.start().plus(ScenarioSpec.INTERVAL.multipliedBy(interval));
    }

    private Instant windowOf(Instant t) {
        long ms = ScenarioSpec.INTERVAL.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), ms) * ms);
    }

    private static String outbound(Service service) {
        return "outbound|" + service.port() + "||" + service.fqdn();
    }

    private int ephemeralPort() {
        return 32_768 + random.nextInt(28_232);
    }
}
