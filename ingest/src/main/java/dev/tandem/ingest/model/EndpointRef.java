package dev.tandem.ingest.model;

import java.util.Objects;

/**
 * One end of an edge, resolved to the identity Tandem reasons about: {@code (namespace, workload)}
 * for pods, or a host, network or external name.
 *
 * @param namespace the namespace, or null for hosts, global networks and external peers
 * @param workload the owning workload name (Deployment, StatefulSet, DaemonSet), the host name, the
 *     network name, or the external address or FQDN
 * @param kind what the endpoint is
 * @param labels the workload's labels as evidence saw them, never null
 * @param meshed true when the endpoint has an Istio sidecar
 * @param serviceAccount the workload's Kubernetes service account (its Istio identity is {@code
 *     TRUST_DOMAIN/ns/NAMESPACE/sa/SERVICE_ACCOUNT}), or null when no evidence named it
 */
public record EndpointRef(
        String namespace,
        String workload,
        EndpointKind kind,
        Labels labels,
        boolean meshed,
        String serviceAccount) {
    public EndpointRef {
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(kind, "kind");
        labels = labels == null ? Labels.empty() : labels;
    }

    public static EndpointRef external(String addressOrName) {
        return new EndpointRef(
                null, addressOrName, EndpointKind.EXTERNAL, Labels.empty(), false, null);
    }
}
