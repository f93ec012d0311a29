package dev.tandem.scenario;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The cluster a scenario runs on: three worker nodes; {@code scale} copies of Bookinfo ({@code
 * bookinfo}, {@code bookinfo-2}, ...; istio/samples/bookinfo, every pod meshed); Istio's ingress
 * gateway (one replica per copy, behind a LoadBalancer), istiod and Prometheus (both unmeshed, as
 * Istio installs them); CoreDNS behind {@code kube-dns}; an unmeshed {@code legacy/batch-client};
 * and a debug pod {@code tools/netshoot}. Names and addresses are drawn from the scenario's random
 * source.
 */
final class Cluster {
    static final String ISTIO_SYSTEM = "istio-system";
    static final String KUBE_SYSTEM = "kube-system";
    static final int BOOKINFO_PORT = 9080;
    static final int GATEWAY_PORT = 8080;
    static final int DNS_PORT = 53;

    /** istiod's xDS and certificate port, over mTLS: where every proxy's agent connects. */
    static final int ISTIOD_PORT = 15012;

    /** Kubernetes' SafeEncodeString alphabet: no vowels, no look-alike digits. */
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private static final String DIGITS = "2456789";

    final List<Node> nodes = new ArrayList<>();
    final List<String> namespaces = new ArrayList<>();
    final List<Pod> pods = new ArrayList<>();
    final List<Service> services = new ArrayList<>();
    final List<Copy> copies = new ArrayList<>();
    final List<Pod> gateways = new ArrayList<>();
    final Pod prometheus;
    final Pod istiod;
    final List<Pod> coreDns = new ArrayList<>();
    final Pod batchClient;
    final Pod netshoot;
    final Service kubeDns;
    final Service istiodService;
    final Service gatewayService;

    private final Random random;
    private final int[] podsPerNode;

    /** One Bookinfo: its pods and Services. */
    record Copy(
            String namespace,
            Pod productpage,
            Pod details,
            List<Pod> reviews,
            Pod ratings,
            Service productpageService,
            Service detailsService,
            Service reviewsService,
            Service ratingsService) {}

    Cluster(int scale, Random random) {
        this.random = random;
        for (int i = 1; i <= 3; i++) {
            nodes.add(new Node("worker-" + i, "172.18.0." + (10 + i)));
        }
        podsPerNode = new int[nodes.size()];
        namespaces.add(ISTIO_SYSTEM);
        namespaces.add(KUBE_SYSTEM);
        namespaces.add("legacy");
        namespaces.add("tools");

        for (Pod pod :
                replicas(
                        Workload.plain(KUBE_SYSTEM, "coredns", "kube-dns", "coredns")
                                .withServiceAccount("coredns"),
                        2)) {
            coreDns.add(pod);
        }
        kubeDns =
                new Service(
                        KUBE_SYSTEM,
                        "kube-dns",
                        "kube-dns",
                        "10.96.0.10",
                        "ClusterIP",
                        List.of(
                                new Service.Port("dns", DNS_PORT, DNS_PORT, "UDP"),
                                new Service.Port("dns-tcp", DNS_PORT, DNS_PORT, "TCP"),
                                new Service.Port("metrics", 9153, 9153, "TCP")));
        services.add(kubeDns);
        prometheus =
                replicas(Workload.plain(ISTIO_SYSTEM, "prometheus", "prometheus", "prometheus"), 1)
                        .get(0);
        services.add(Service.http(ISTIO_SYSTEM, "prometheus", "10.96.0.20", 9090, 9090));
        // istiod runs without a sidecar: the control plane is not part of the mesh it serves.
        istiod =
                replicas(
                                Workload.plain(ISTIO_SYSTEM, "istiod", "istiod", "pilot-discovery")
                                        .withServiceAccount("istiod"),
                                1)
                        .get(0);
        istiodService =
                new Service(
                        ISTIO_SYSTEM,
                        "istiod",
                        "istiod",
                        "10.96.0.40",
                        "ClusterIP",
                        List.of(
                                new Service.Port("grpc-xds", 15010, 15010, "TCP"),
                                new Service.Port("https-dns", ISTIOD_PORT, ISTIOD_PORT, "TCP"),
                                new Service.Port("https-webhook", 443, 15017, "TCP"),
                                new Service.Port("http-monitoring", 15014, 15014, "TCP")));
        services.add(istiodService);
        // The gateway runs Envoy as its main container (istio-proxy), so Tandem counts it meshed.
        gateways.addAll(
                replicas(
                        Workload.plain(
                                        ISTIO_SYSTEM,
                                        "istio-ingressgateway",
                                        "istio-ingressgateway",
                                        "envoy")
                                .withServiceAccount("istio-ingressgateway-service-account")
                                .withMeshed(true),
                        scale));
        // A LoadBalancer with externalTrafficPolicy Local, as Istio recommends for ingress: the
        // client's address reaches the gateway unchanged, in Calico's flows and in Envoy's lines.
        gatewayService =
                new Service(
                        ISTIO_SYSTEM,
                        "istio-ingressgateway",
                        "istio-ingressgateway",
                        "10.96.0.30",
                        "LoadBalancer",
                        List.of(
                                new Service.Port("status-port", 15021, 15021, "TCP"),
                                new Service.Port("http2", 80, GATEWAY_PORT, "TCP"),
                                new Service.Port("https", 443, 8443, "TCP")));
        services.add(gatewayService);
        batchClient =
                replicas(
                                Workload.plain("legacy", "batch-client", "batch-client", "python3")
                                        .withServiceAccount("default"),
                                1)
                        .get(0);
        netshoot =
                replicas(
                                Workload.plain("tools", "netshoot", "netshoot", "nc")
                                        .withServiceAccount("default"),
                                1)
                        .get(0);
        for (int copy = 1; copy <= scale; copy++) {
            copies.add(bookinfo(copy));
        }
    }

    private Copy bookinfo(int copy) {
        String ns = copy == 1 ? "bookinfo" : "bookinfo-" + copy;
        namespaces.add(ns);
        Pod productpage =
                replicas(Workload.meshed(ns, "productpage-v1", "productpage", "v1"), 1).get(0);
        Pod details =
                replicas(Workload.meshed(ns, "details-v1", "details", "v1").withProcess("ruby"), 1)
                        .get(0);
        List<Pod> reviews = new ArrayList<>();
        for (String version : List.of("v1", "v2", "v3")) {
            Workload workload =
                    Workload.meshed(ns, "reviews-" + version, "reviews", version)
                            .withProcess("java");
            if (version.equals("v3")) {
                // The JDWP debug port, left out of the sidecar's interception for a debugger.
                workload =
                        workload.withAnnotation(
                                "traffic.sidecar.istio.io/excludeInboundPorts",
                                Integer.toString(Anomalies.DEBUG_PORT));
            }
            reviews.add(replicas(workload, 1).get(0));
        }
        Pod ratings =
                replicas(Workload.meshed(ns, "ratings-v1", "ratings", "v1").withProcess("node"), 1)
                        .get(0);
        String prefix = "10.96." + (copy / 50 + 1) + "." + (copy % 50) * 5;
        Copy result =
                new Copy(
                        ns,
                        productpage,
                        details,
                        reviews,
                        ratings,
                        bookinfoService(ns, "productpage", prefix, 1),
                        bookinfoService(ns, "details", prefix, 2),
                        bookinfoService(ns, "reviews", prefix, 3),
                        bookinfoService(ns, "ratings", prefix, 4));
        return result;
    }

    private Service bookinfoService(String ns, String app, String prefix, int offset) {
        String[] parts = prefix.split("\\.");
        String ip =
                parts[0]
                        + "."
                        + parts[1]
                        + "."
                        + parts[2]
                        + "."
                        + (Integer.parseInt(parts[3]) + offset);
        Service service = Service.http(ns, app, ip, BOOKINFO_PORT, BOOKINFO_PORT);
        services.add(service);
        return service;
    }

    private List<Pod> replicas(Workload workload, int count) {
        String hash = randomName(10, true);
        List<Pod> made = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int nodeIndex = random.nextInt(nodes.size());
            Node node = nodes.get(nodeIndex);
            int n = podsPerNode[nodeIndex]++;
            // 10.244.<16 x node + block>.<host>: a /20 per node, 3750 pods each.
            String ip = "10.244." + (nodeIndex * 16 + n / 250) + "." + (n % 250 + 2);
            Pod pod =
                    new Pod(
                            workload,
                            hash,
                            workload.name() + "-" + hash + "-" + randomName(5, false),
                            uuid(random),
                            ip,
                            node);
            pods.add(pod);
            made.add(pod);
        }
        return Collections.unmodifiableList(made);
    }

    /**
     * A name from Kubernetes' alphabet. A pod-template hash always holds a digit, which is how
     * Tandem tells a hash from a word when it strips one.
     */
    private String randomName(int length, boolean withDigit) {
        StringBuilder name = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            name.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        if (withDigit) {
            name.setCharAt(random.nextInt(length), DIGITS.charAt(random.nextInt(DIGITS.length())));
        }
        return name.toString();
    }

    /** A random version-4 style UUID drawn from {@code random}. */
    static String uuid(Random random) {
        String hex = hex(random, 32);
        return hex.substring(0, 8)
                + "-"
                + hex.substring(8, 12)
                + "-"
                + hex.substring(12, 16)
                + "-"
                + hex.substring(16, 20)
                + "-"
                + hex.substring(20);
    }

    static String hex(Random random, int length) {
        StringBuilder hex = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            hex.append(Character.forDigit(random.nextInt(16), 16));
        }
        return hex.toString();
    }
}
