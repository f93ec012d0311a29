package dev.tandem.ingest.model;

/** Calico's TCP statistics for a flow (Enterprise, when TCP stats collection is on). */
public record TcpStats(
        long meanSendCongestionWindow,
        long minSendCongestionWindow,
        long meanSmoothRtt,
        long maxSmoothRtt,
        long meanMinRtt,
        long maxMinRtt,
        long meanMss,
        long minMss,
        long totalRetransmissions,
        long lostPackets,
        long unrecoveredTimeouts) {}
