package dev.tandem.scenario;

/**
 * A Kubernetes Service in front of a workload's pods.
 *
 * @param namespace where it lives
 * @param name its name (the host in {@code NAME.NAMESPACE.svc.cluster.local})
 * @param app the {@code app} label it selects
 * @param clusterIp its virtual address
 * @param port the Service port
 * @param targetPort the pods' port
 * @param protocol {@code TCP} or {@code UDP}
 * @param portName the port's name ({@code http}, {@code dns})
 */
record Service(
        String namespace,
        String name,
        String app,
        String clusterIp,
        int port,
        int targetPort,
        String protocol,
        String portName) {
    String fqdn() {
        return name + "." + namespace + ".svc.cluster.local";
    }
}
