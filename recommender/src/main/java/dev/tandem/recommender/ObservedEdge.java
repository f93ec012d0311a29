package dev.tandem.recommender;

import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/**
 * One edge summed over every window of the lookback: the evidence behind a rule.
 *
 * @param source the caller as the latest window saw it
 * @param destination the callee as the latest window saw it
 * @param port destination port
 * @param protocol lower-case protocol
 * @param windows how many windows carried the edge
 * @param verdicts windows per verdict name, sorted
 * @param firstSeen start of the earliest window
 * @param lastSeen end of the latest window
 * @param minConfidence the lowest verdict confidence of the windows
 * @param kernelFlows flows the kernel reported (source and destination sides)
 * @param connections connections started
 * @param bytes bytes both ways
 * @param proxyRequests requests or connections the sidecars logged (outbound and inbound)
 * @param mutualTlsRequests inbound requests over mTLS
 * @param plaintextRequests inbound requests without mTLS
 * @param methods HTTP method counts
 * @param paths path counts: paths a policy can name exactly and, once an edge passed {@link
 *     EdgeAggregator#MAX_PATHS_PER_EDGE}, Tandem's own prefix patterns ({@code /api/items/*});
 *     never a path with a {@link PathHazard}, so every {@code *} here is Tandem's
 * @param unsafePaths request counts of the paths a policy cannot name as themselves, held back for
 *     review, sorted, bounded (see {@link EdgeAggregator#MAX_UNSAFE_PATHS_PER_EDGE})
 * @param peerPrincipals SPIFFE ids the destination's sidecar saw
 * @param authorities {@code :authority} or SNI names the sidecars saw, sorted, bounded
 */
public record ObservedEdge(
        EndpointRef source,
        EndpointRef destination,
        int port,
        String protocol,
        long windows,
        SortedMap<String, Long> verdicts,
        Instant firstSeen,
        Instant lastSeen,
        double minConfidence,
        long kernelFlows,
        long connections,
        long bytes,
        long proxyRequests,
        long mutualTlsRequests,
        long plaintextRequests,
        SortedMap<String, Long> methods,
        SortedMap<String, Long> paths,
        SortedMap<UnsafePath, Long> unsafePaths,
        List<String> peerPrincipals,
        List<String> authorities) {

    public WorkloadKey sourceKey() {
        return WorkloadKey.of(source);
    }

    public WorkloadKey destinationKey() {
        return WorkloadKey.of(destination);
    }

    /** {@code source -> destination:port/protocol}, the edge's name in reports and ids. */
    public String display() {
        return sourceKey().display()
                + " -> "
                + destinationKey().display()
                + ":"
                + port
                + "/"
                + protocol;
    }

    public long windowsWith(Verdict verdict) {
        return verdicts.getOrDefault(verdict.name(), 0L);
    }

    /** True when any window was judged a sidecar bypass. */
    public boolean anyBypass() {
        return windowsWith(Verdict.BYPASS_INGRESS) + windowsWith(Verdict.BYPASS_EGRESS) > 0;
    }
}
