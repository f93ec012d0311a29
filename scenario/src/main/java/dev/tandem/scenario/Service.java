package dev.tandem.scenario;

import java.util.List;

/**
 * A Kubernetes Service in front of a workload's pods.
 *
 * @param namespace where it lives
 * @param name its name (the host in {@code NAME.NAMESPACE.svc.cluster.local})
 * @param app the {@code app} label it selects ({@code k8s-app} for kube-dns)
 * @param clusterIp its virtual address
 * @param type {@code ClusterIP}, or {@code LoadBalancer} for the ingress gateway
 * @param ports its ports, in the order {@code kubectl} lists them; never empty
 */
record Service(
        String namespace,
        String name,
        String app,
        String clusterIp,
        String type,
        List<Port> ports) {

    /**
     * One port of a Service.
     *
     * @param name the port's name ({@code http}, {@code dns}, {@code dns-tcp})
     * @param port the Service port
     * @param targetPort the pods' port
     * @param protocol {@code TCP} or {@code UDP}
     */
    record Port(String name, int port, int targetPort, String protocol) {}

    Service {
        ports = List.copyOf(ports);
        if (ports.isEmpty()) {
            throw new IllegalArgumentException("a Service has at least one port: " + name);
        }
    }

    /** A {@code ClusterIP} Service with one TCP port named {@code http}, as Bookinfo's are. */
    static Service http(String namespace, String app, String clusterIp, int port, int target) {
        return new Service(
                namespace,
                app,
                app,
                clusterIp,
                "ClusterIP",
                List.of(new Port("http", port, target, "TCP")));
    }

    String fqdn() {
        return name + "." + namespace + ".svc.cluster.local";
    }

    /** The first port's Service port: the only one of Bookinfo's Services. */
    int port() {
        return ports.get(0).port();
    }

    /** The first port's target port. */
    int targetPort() {
        return ports.get(0).targetPort();
    }

    /**
     * The port that forwards to {@code targetPort} over {@code protocol} (either case): what Calico
     * names in a flow's {@code dest_service_port}. The first port when none matches.
     */
    Port portTo(int targetPort, String protocol) {
        for (Port candidate : ports) {
            if (candidate.targetPort() == targetPort
                    && candidate.protocol().equalsIgnoreCase(protocol)) {
                return candidate;
            }
        }
        return ports.get(0);
    }
}
