package dev.tandem.ingest.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A pod in an inventory snapshot. Pod IPs are reused, so an IP belongs to this pod only between
 * {@code validFrom} and {@code validUntil}.
 *
 * @param namespace the namespace
 * @param name the pod name
 * @param uid the pod UID, or null
 * @param ips the pod's IPs (IPv4 and IPv6), empty before scheduling
 * @param validFrom when the IPs became this pod's (start time, else creation time), or null
 * @param validUntil when they stopped being (deletion time, or completion), or null while running
 * @param labels the pod's labels, never null
 * @param serviceAccount the service account name, or null
 * @param owner the pod's controller, or null for a bare pod
 * @param workload the workload identity: owning Deployment/StatefulSet/DaemonSet/Job name, else the
 *     pod name
 * @param node the node name, or null before scheduling
 * @param hostNetwork true when the pod uses the node's network namespace
 * @param sidecarPresent true when the pod runs an {@code istio-proxy} container or is labelled so
 * @param phase the pod phase ({@code Running}, ...), or null
 */
public record PodRecord(
        String namespace,
        String name,
        String uid,
        List<String> ips,
        Instant validFrom,
        Instant validUntil,
        Labels labels,
        String serviceAccount,
        OwnerRef owner,
        String workload,
        String node,
        boolean hostNetwork,
        boolean sidecarPresent,
        String phase) {
    public PodRecord {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(workload, "workload");
        ips = ips == null ? List.of() : List.copyOf(ips);
        labels = labels == null ? Labels.empty() : labels;
    }

    /** True when {@code ip} was this pod's at {@code at}. */
    public boolean heldIpAt(String ip, Instant at) {
        if (!ips.contains(ip)) {
            return false;
        }
        boolean started = validFrom == null || !at.isBefore(validFrom);
        boolean notEnded = validUntil == null || at.isBefore(validUntil);
        return started && notEnded;
    }
}
