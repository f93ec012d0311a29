package dev.tandem.recommender;

import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import java.util.ArrayList;
import java.util.List;

/** Istio identities of callers: {@code TRUST_DOMAIN/ns/NAMESPACE/sa/SERVICE_ACCOUNT}. */
public final class Principals {
    private static final String SPIFFE = "spiffe://";

    private final String trustDomain;

    public Principals(String trustDomain) {
        if (trustDomain == null
                || trustDomain.isBlank()
                || trustDomain.contains("/")
                || trustDomain.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException(
                    "trust domain must be a name like cluster.local: '" + trustDomain + "'");
        }
        this.trustDomain = trustDomain;
    }

    /**
     * The caller's identities on {@code edge}: from its service account under the trust domain,
     * else the SPIFFE ids the destination's sidecar reported. Empty when the caller is outside the
     * mesh, sent plaintext, or has no known identity: such a caller cannot be named in an ALLOW
     * rule.
     */
    public List<String> of(ObservedEdge edge) {
        EndpointRef source = edge.source();
        if (!source.meshed()
                || source.kind() != EndpointKind.WORKLOAD
                || edge.plaintextRequests() > 0) {
            return List.of();
        }
        if (source.serviceAccount() != null
                && Names.isNamespace(source.namespace())
                && Names.isNamespace(source.serviceAccount().replace('.', '-'))) {
            return List.of(
                    trustDomain + "/ns/" + source.namespace() + "/sa/" + source.serviceAccount());
        }
        List<String> out = new ArrayList<>();
        for (String spiffe : edge.peerPrincipals()) {
            out.add(spiffe.startsWith(SPIFFE) ? spiffe.substring(SPIFFE.length()) : spiffe);
        }
        return out;
    }
}
