package dev.tandem.ingest.model;

/**
 * Envoy's {@code %UPSTREAM_CLUSTER_RAW%}, taken apart.
 *
 * @param kind the kind of cluster
 * @param raw the name as logged, or null when absent
 * @param port the port of {@code inbound|PORT||} or {@code outbound|PORT||FQDN}, else null
 * @param subset the subset of an inbound/outbound cluster ({@code v1}), else null
 * @param host the FQDN of an outbound cluster ({@code reviews.default.svc.cluster.local}), else
 *     null
 */
public record UpstreamCluster(
        ClusterKind kind, String raw, Integer port, String subset, String host) {
    private static final UpstreamCluster NONE =
            new UpstreamCluster(ClusterKind.NONE, null, null, null, null);

    /**
     * Reads a cluster name; null, empty and {@code -} are {@link ClusterKind#NONE}. Never throws.
     */
    public static UpstreamCluster parse(String raw) {
        if (raw == null || raw.isEmpty() || raw.equals("-")) {
            return NONE;
        }
        if (raw.equals("PassthroughCluster")) {
            return new UpstreamCluster(ClusterKind.PASSTHROUGH, raw, null, null, null);
        }
        if (raw.startsWith("InboundPassthroughCluster")) {
            return new UpstreamCluster(ClusterKind.INBOUND_PASSTHROUGH, raw, null, null, null);
        }
        if (raw.equals("BlackHoleCluster")) {
            return new UpstreamCluster(ClusterKind.BLACKHOLE, raw, null, null, null);
        }
        boolean inbound = raw.startsWith("inbound|");
        boolean outbound = raw.startsWith("outbound|");
        if (!inbound && !outbound) {
            return new UpstreamCluster(ClusterKind.OTHER, raw, null, null, null);
        }
        // direction|port|subset|host — host is empty for inbound clusters since Istio 1.10.
        String[] parts = raw.split("\\|", -1);
        if (parts.length != 4) {
            return new UpstreamCluster(ClusterKind.OTHER, raw, null, null, null);
        }
        Integer port = parsePort(parts[1]);
        String subset = parts[2].isEmpty() ? null : parts[2];
        String host = parts[3].isEmpty() ? null : parts[3];
        return new UpstreamCluster(
                inbound ? ClusterKind.INBOUND : ClusterKind.OUTBOUND, raw, port, subset, host);
    }

    private static Integer parsePort(String digits) {
        if (digits.isEmpty() || digits.length() > 5) {
            return null;
        }
        int port = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            port = port * 10 + (c - '0');
        }
        return port <= 65535 ? port : null;
    }
}
