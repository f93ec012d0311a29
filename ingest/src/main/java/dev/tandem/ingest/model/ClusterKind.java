package dev.tandem.ingest.model;

/** What Envoy's upstream cluster says about the direction and mediation of a request. */
public enum ClusterKind {
    /** {@code outbound|PORT|SUBSET|FQDN}: the client sidecar sent it to a known service. */
    OUTBOUND,
    /** {@code inbound|PORT|SUBSET|HOST}: the server sidecar received it for its app. */
    INBOUND,
    /** {@code PassthroughCluster}: the client sidecar sent it to an address it does not know. */
    PASSTHROUGH,
    /** {@code InboundPassthroughCluster*}: the server sidecar received it on an undeclared port. */
    INBOUND_PASSTHROUGH,
    /** {@code BlackHoleCluster}: the client sidecar dropped it (REGISTRY_ONLY). */
    BLACKHOLE,
    /** No cluster (the request never got one: 404 NR, 400 DPE...). */
    NONE,
    /** Any other cluster name (gateways, custom clusters). */
    OTHER;

    /** True for the kinds logged by the client's own sidecar. */
    public boolean isOutboundSide() {
        return this == OUTBOUND || this == PASSTHROUGH || this == BLACKHOLE;
    }

    /** True for the kinds logged by the server's own sidecar. */
    public boolean isInboundSide() {
        return this == INBOUND || this == INBOUND_PASSTHROUGH;
    }
}
