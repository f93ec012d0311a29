package dev.tandem.recommender;

import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import java.util.Comparator;

/**
 * The identity of one end of an edge, without the evidence that changes between windows (labels,
 * service account).
 *
 * @param namespace the namespace, or null for hosts, global networks and external peers
 * @param name the workload, host, network or external name
 * @param kind what it is
 */
public record WorkloadKey(String namespace, String name, EndpointKind kind)
        implements Comparable<WorkloadKey> {
    private static final Comparator<WorkloadKey> ORDER =
            Comparator.comparing(WorkloadKey::kind)
                    .thenComparing(k -> k.namespace == null ? "" : k.namespace)
                    .thenComparing(WorkloadKey::name);

    public static WorkloadKey of(EndpointRef ref) {
        return new WorkloadKey(ref.namespace(), ref.workload(), ref.kind());
    }

    /** {@code namespace/name} for workloads, {@code kind:name} for the rest: for people and ids. */
    public String display() {
        if (kind == EndpointKind.WORKLOAD && namespace != null) {
            return namespace + "/" + name;
        }
        return kind.jsonName() + ":" + (namespace == null ? "" : namespace + "/") + name;
    }

    @Override
    public int compareTo(WorkloadKey other) {
        return ORDER.compare(this, other);
    }
}
