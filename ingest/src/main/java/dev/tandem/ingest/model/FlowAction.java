package dev.tandem.ingest.model;

/** What the kernel-level policy did with a flow. */
public enum FlowAction {
    ALLOW,
    DENY
}
