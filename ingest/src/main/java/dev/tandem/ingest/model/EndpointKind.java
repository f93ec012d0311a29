package dev.tandem.ingest.model;

/** What sits at one end of an edge. */
public enum EndpointKind {
    /** A pod owned by a workload (Deployment, StatefulSet, DaemonSet, bare pod). */
    WORKLOAD,
    /** A node, or a pod on the host network. */
    HOST,
    /** A named network: a Calico NetworkSet, or the {@code pub}/{@code pvt} catch-alls. */
    NETWORK,
    /** An address or name outside the cluster. */
    EXTERNAL;

    /** The lower-case name used in JSON and reports. */
    public String jsonName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
