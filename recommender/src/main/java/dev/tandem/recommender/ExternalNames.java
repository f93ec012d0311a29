package dev.tandem.recommender;

import dev.tandem.ingest.model.EndpointKind;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The DNS names of an external peer, as the evidence saw them: the peer's own name when the proxy
 * knew it by name (an outbound cluster's host), and the {@code :authority} or SNI names of the
 * requests. Only names that are public DNS names qualify: never an address, a wildcard, or a
 * cluster-internal name. Nothing is resolved.
 */
final class ExternalNames {
    /** Names kept per peer; a policy naming more than this is a review, not a rule. */
    static final int MAX_DOMAINS = 16;

    private static final Pattern DNS_NAME =
            Pattern.compile(
                    "(?=.{4,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?");
    private static final List<String> CLUSTER_SUFFIXES =
            List.of(".svc", ".cluster.local", ".local", ".internal");

    private ExternalNames() {}

    /** The DNS names of the edge's destination, sorted; empty unless it is an external peer. */
    static List<String> of(ObservedEdge edge) {
        if (edge.destination().kind() != EndpointKind.EXTERNAL) {
            return List.of();
        }
        TreeSet<String> names = new TreeSet<>();
        add(names, edge.destination().workload());
        edge.authorities().forEach(a -> add(names, a));
        return names.stream().limit(MAX_DOMAINS).toList();
    }

    private static void add(TreeSet<String> names, String raw) {
        String name = hostOf(raw);
        if (name != null) {
            names.add(name);
        }
    }

    /** {@code raw} without a port and a final dot, lower case, when it is a DNS name; else null. */
    static String hostOf(String raw) {
        if (raw == null) {
            return null;
        }
        String host = raw.trim().toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(':') == colon) {
            String port = host.substring(colon + 1);
            if (port.isEmpty() || !port.chars().allMatch(Character::isDigit)) {
                return null;
            }
            host = host.substring(0, colon);
        }
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (!DNS_NAME.matcher(host).matches()) {
            return null;
        }
        for (String suffix : CLUSTER_SUFFIXES) {
            if (host.endsWith(suffix)) {
                return null;
            }
        }
        return host;
    }
}
