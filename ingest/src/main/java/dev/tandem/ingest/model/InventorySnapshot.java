package dev.tandem.ingest.model;

import java.time.Instant;
import java.util.List;

/**
 * What the cluster held at one moment: pods (with IP validity), Services and namespaces. Lists are
 * sorted by namespace then name so that snapshots of the same cluster compare and print equal.
 *
 * @param observedAt when the snapshot was taken, or null when the source did not say
 * @param pods the pods
 * @param services the Services
 * @param namespaces the namespaces
 */
public record InventorySnapshot(
        Instant observedAt,
        List<PodRecord> pods,
        List<ServiceRecord> services,
        List<NamespaceRecord> namespaces) {
    public InventorySnapshot {
        pods = pods == null ? List.of() : List.copyOf(pods);
        services = services == null ? List.of() : List.copyOf(services);
        namespaces = namespaces == null ? List.of() : List.copyOf(namespaces);
    }
}
