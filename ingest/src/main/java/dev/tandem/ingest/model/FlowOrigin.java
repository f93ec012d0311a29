package dev.tandem.ingest.model;

/** Which Calico flavour produced a kernel flow record. */
public enum FlowOrigin {
    /** Calico Enterprise / Cloud flow logs (Felix, {@code /var/log/calico/flowlogs}). */
    CALICO,
    /** Calico open-source Goldmane flows (3.30+), which carry no IP addresses. */
    GOLDMANE
}
