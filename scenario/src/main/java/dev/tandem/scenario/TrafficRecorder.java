package dev.tandem.scenario;

import java.time.Instant;
import java.util.Random;

/**
 * Where generated traffic goes, and the few things every part of it does: the kernel's tally
 * ({@link KernelTally}), the proxies' logs ({@link ProxyLogs}), the one random source (drawn in a
 * fixed order, so the same seed gives the same bytes), a server sidecar's inbound line and DNS
 * lookups.
 */
final class TrafficRecorder {
    final Cluster cluster;
    final Random random;
    final KernelTally kernel = new KernelTally();
    final ProxyLogs proxy = new ProxyLogs();
    private long requests;

    TrafficRecorder(Cluster cluster, Random random) {
        this.cluster = cluster;
        this.random = random;
    }

    /** HTTP requests made so far (each logged by one or two proxies). */
    long requests() {
        return requests;
    }

    void countRequest() {
        requests++;
    }

    /** The server sidecar's line; without mTLS there is no Istio SNI to log. */
    void inbound(
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

    /** DNS lookups over UDP to one of CoreDNS's pods through kube-dns. */
    void dns(Pod client, long at, int lookups) {
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

    int ephemeralPort() {
        return 32_768 + random.nextInt(28_232);
    }

    static Instant windowOf(Instant t) {
        long ms = ScenarioSpec.INTERVAL.toMillis();
        return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), ms) * ms);
    }

    static String outbound(Service service) {
        return "outbound|" + service.port() + "||" + service.fqdn();
    }
}
