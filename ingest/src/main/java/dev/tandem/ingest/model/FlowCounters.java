package dev.tandem.ingest.model;

/**
 * Traffic counters of one aggregated kernel flow record. Counters a source does not report are 0.
 * Goldmane reports connections started/completed/live; its {@code numFlows} is started + live.
 */
public record FlowCounters(
        long bytesIn,
        long bytesOut,
        long packetsIn,
        long packetsOut,
        long numFlows,
        long numFlowsStarted,
        long numFlowsCompleted,
        long httpRequestsAllowedIn,
        long httpRequestsDeniedIn) {}
