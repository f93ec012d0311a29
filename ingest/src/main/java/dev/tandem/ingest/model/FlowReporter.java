package dev.tandem.ingest.model;

/** Which node reported a flow: the source's, the destination's, or one forwarding it. */
public enum FlowReporter {
    SRC,
    DST,
    FWD
}
