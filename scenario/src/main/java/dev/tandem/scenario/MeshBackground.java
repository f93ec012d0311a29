package dev.tandem.scenario;

import java.time.Instant;
import java.util.List;

/**
 * What meshed pods do besides serving Bookinfo's requests, every interval:
 *
 * <ul>
 *   <li>each proxy's agent keeps its xDS and certificate stream to istiod open ({@code pilot-agent}
 *       to {@code istiod:15012}); Envoy writes no access line for it;
 *   <li>the apps resolve the Services they call through kube-dns, over UDP straight to CoreDNS:
 *       Istio captures DNS only when its DNS proxy is on, and iptables redirects only TCP, so no
 *       sidecar sees these queries;
 *   <li>twice an hour an answer too large for UDP is retried over TCP, and that connection the
 *       sidecar does intercept, like any outbound TCP: Envoy proxies it and logs a TCP line.
 * </ul>
 *
 * <p>Calico names the receiving process in a destination-side report (pilot-discovery, coredns).
 * These flows leave it out ({@code "-"}): the correlate job's process rule reads the names of both
 * reports as the sender's, and would call a meshed pod's stream to istiod a bypass because of
 * istiod's own process (docs/demo.md, "What the scenario leaves out").
 */
final class MeshBackground {
    /** istiod closes an xDS stream after 30 minutes (MaxServerConnectionAge); the agent redials. */
    private static final int RECONNECT_INTERVALS = 6;

    /** Java caches a lookup for 30 s: ten refreshes (A and AAAA) per interval for ratings. */
    private static final int JAVA_LOOKUPS = 20;

    private static final String KUBE_DNS_CLUSTER =
            "outbound|"
                    + Cluster.DNS_PORT
                    + "||kube-dns."
                    + Cluster.KUBE_SYSTEM
                    + ".svc.cluster.local";

    private final TrafficRecorder recorder;

    MeshBackground(TrafficRecorder recorder) {
        this.recorder = recorder;
    }

    /**
     * Every meshed pod's stream to istiod (the gateways' too). A record per interval while it is
     * open; a new connection where the pod's 30-minute cycle ends, at a phase of its own.
     */
    void controlPlane(Instant start, int interval) {
        Cluster cluster = recorder.cluster;
        List<Pod> pods = cluster.pods;
        for (int p = 0; p < pods.size(); p++) {
            Pod pod = pods.get(p);
            if (!pod.workload().meshed()) {
                continue;
            }
            boolean redial = (interval + p) % RECONNECT_INTERVALS == 0;
            recorder.kernel.add(
                    new KernelFlow(
                            start.getEpochSecond(),
                            Peer.of(pod),
                            Peer.of(cluster.istiod),
                            Cluster.ISTIOD_PORT,
                            "tcp",
                            cluster.istiodService,
                            "pilot-agent",
                            null,
                            null,
                            redial ? 1 : 0,
                            1_500 + recorder.random.nextInt(3_000),
                            (redial ? 60_000 : 6_000) + recorder.random.nextInt(24_000)));
        }
    }

    /**
     * One copy's lookups in an interval of {@code views} page views: productpage (Python, no cache)
     * resolves details and reviews for each page, A and AAAA; reviews v2 and v3 resolve ratings as
     * Java's cache expires; reviews v1 and the servers call nothing.
     */
    void dns(Cluster.Copy copy, Instant start, int interval, int views) {
        long at = start.getEpochSecond();
        lookups(copy.productpage(), at, views * 4);
        for (Pod reviews : copy.reviews()) {
            if (!reviews.workload().version().equals("v1")) {
                lookups(reviews, at, JAVA_LOOKUPS);
            }
        }
        if (interval % RECONNECT_INTERVALS == 3) {
            truncatedLookup(copy.productpage(), start);
        }
    }

    /** Queries from the app itself, spread by kube-proxy over CoreDNS's pods. */
    private void lookups(Pod client, long at, int count) {
        List<Pod> servers = recorder.cluster.coreDns;
        for (int s = 0; s < servers.size(); s++) {
            int share = count / servers.size() + (s < count % servers.size() ? 1 : 0);
            if (share == 0) {
                continue;
            }
            recorder.kernel.add(
                    new KernelFlow(
                            at,
                            Peer.of(client),
                            Peer.of(servers.get(s)),
                            Cluster.DNS_PORT,
                            "udp",
                            recorder.cluster.kubeDns,
                            client.workload().process(),
                            null,
                            null,
                            share,
                            share * 90L,
                            share * 210L));
        }
    }

    /**
     * A truncated answer retried over TCP: the app dials kube-dns's TCP port, iptables hands the
     * connection to Envoy, which proxies it to a CoreDNS pod and logs it as a TCP line.
     */
    private void truncatedLookup(Pod client, Instant start) {
        Cluster cluster = recorder.cluster;
        Pod server = cluster.coreDns.get(recorder.random.nextInt(cluster.coreDns.size()));
        Instant t = start.plusMillis(recorder.random.nextInt(290_000));
        long duration = 2 + recorder.random.nextInt(6);
        long query = 60 + recorder.random.nextInt(40);
        long answer = 900 + recorder.random.nextInt(900);
        recorder.proxy.add(
                new AccessEntry(
                        client,
                        t,
                        null,
                        null,
                        null,
                        0,
                        null,
                        null,
                        query,
                        answer,
                        duration,
                        null,
                        null,
                        null,
                        null,
                        null,
                        server.ip() + ":" + Cluster.DNS_PORT,
                        KUBE_DNS_CLUSTER,
                        client.ip() + ":" + recorder.ephemeralPort(),
                        cluster.kubeDns.clusterIp() + ":" + Cluster.DNS_PORT,
                        client.ip() + ":" + recorder.ephemeralPort(),
                        null,
                        null));
        recorder.kernel.add(
                new KernelFlow(
                        TrafficRecorder.windowOf(t).getEpochSecond(),
                        Peer.of(client),
                        Peer.of(server),
                        Cluster.DNS_PORT,
                        "tcp",
                        cluster.kubeDns,
                        "envoy",
                        null,
                        null,
                        1,
                        query + 120,
                        answer + 120));
    }
}
