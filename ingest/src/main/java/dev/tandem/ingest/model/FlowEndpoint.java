package dev.tandem.ingest.model;

/**
 * One side of a kernel flow as Calico reported it, before it is resolved to a workload. With
 * Calico's default aggregation, allowed flows carry no IP and no pod name: only {@code nameAggr},
 * namespace and labels.
 *
 * @param ip the address, or null when aggregated away
 * @param name the pod, host endpoint or network set name, or null when aggregated away
 * @param nameAggregate Calico's aggregated name ({@code checkoutservice-598d5b586d-*}, {@code pub})
 * @param namespace the namespace, or null for global endpoints
 * @param type the endpoint type, or null when the record did not say
 * @param labels the endpoint's labels, never null
 * @param port the port on this side, or null when aggregated away
 */
public record FlowEndpoint(
        String ip,
        String name,
        String nameAggregate,
        String namespace,
        FlowEndpointType type,
        Labels labels,
        Integer port) {
    public FlowEndpoint {
        labels = labels == null ? Labels.empty() : labels;
    }

    /** The workload name this endpoint belongs to, from the most specific evidence it carries. */
    public String workloadName() {
        if (nameAggregate != null) {
            return WorkloadNames.fromAggregatedName(nameAggregate);
        }
        return WorkloadNames.fromPodName(name);
    }
}
