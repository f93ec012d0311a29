package dev.tandem.scenario;

import java.time.Instant;
import java.util.List;

/**
 * The cluster's own traffic, the same every interval: kubelet probes from each node (15020 and
 * 15021 on meshed pods, the app's ports on the others), Prometheus scraping 15020/15090, CoreDNS
 * and istiod, Prometheus's DNS lookups, and CoreDNS forwarding upstream.
 */
final class Background {
    static final String UPSTREAM_DNS_IP = "169.254.169.253";

    private final TrafficRecorder recorder;

    Background(TrafficRecorder recorder) {
        this.recorder = recorder;
    }

    /** Probes, scrapes and DNS: every interval, the same shape. */
    void add(Instant start) {
        long at = start.getEpochSecond();
        for (Pod pod : recorder.cluster.pods) {
            for (int port : probes(pod)) {
                // Every 10 s, a fresh connection from the kubelet on the pod's node.
                recorder.kernel.add(
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
                recorder.kernel.add(
                        new KernelFlow(
                                at,
                                Peer.of(recorder.cluster.prometheus),
                                Peer.of(pod),
                                port,
                                "tcp",
                                null,
                                "prometheus",
                                probeProcess(pod, port),
                                null,
                                1,
                                20 * 260,
                                20 * (9_000 + recorder.random.nextInt(2_000))));
            }
        }
        recorder.dns(recorder.cluster.prometheus, at, 4);
        for (Pod dns : recorder.cluster.coreDns) {
            recorder.kernel.add(
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
                            2 + recorder.random.nextInt(4),
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
            case "istiod" -> List.of(8080);
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
            case "istiod" -> List.of(15014);
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
}
