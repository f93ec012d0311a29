package dev.tandem.ingest.model;

import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the proxy layer (the sidecars) saw of one edge in one window.
 *
 * @param outboundRequests requests or connections logged by the client's sidecar
 * @param inboundRequests requests or connections logged by the server's sidecar
 * @param mutualTlsRequests inbound requests that arrived over Istio mTLS
 * @param plaintextRequests inbound requests that arrived without mTLS
 * @param methods HTTP methods and their counts (empty for TCP)
 * @param paths path templates and their counts, at most a bounded number of entries
 * @param responseCodes response codes and their counts
 * @param peerPrincipals SPIFFE ids of the callers the server's sidecar saw, sorted
 * @param authorities the {@code :authority} or SNI names used, sorted
 */
public record ProxyEvidence(
        long outboundRequests,
        long inboundRequests,
        long mutualTlsRequests,
        long plaintextRequests,
        SortedMap<String, Long> methods,
        SortedMap<String, Long> paths,
        SortedMap<Integer, Long> responseCodes,
        List<String> peerPrincipals,
        List<String> authorities) {
    private static final ProxyEvidence NONE =
            new ProxyEvidence(0, 0, 0, 0, null, null, null, List.of(), List.of());

    public ProxyEvidence {
        methods = readOnlyCopy(methods);
        paths = readOnlyCopy(paths);
        responseCodes = readOnlyCopy(responseCodes);
        peerPrincipals = peerPrincipals == null ? List.of() : List.copyOf(peerPrincipals);
        authorities = authorities == null ? List.of() : List.copyOf(authorities);
    }

    /** No proxy evidence at all. */
    public static ProxyEvidence none() {
        return NONE;
    }

    /** True when any sidecar logged this edge. */
    public boolean seen() {
        return outboundRequests + inboundRequests > 0;
    }

    private static <K, V> SortedMap<K, V> readOnlyCopy(SortedMap<K, V> map) {
        return java.util.Collections.unmodifiableSortedMap(
                map == null ? new TreeMap<>() : new TreeMap<>(map));
    }
}
