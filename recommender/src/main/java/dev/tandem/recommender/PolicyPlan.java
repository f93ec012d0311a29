package dev.tandem.recommender;

import java.util.List;
import java.util.SortedMap;
import java.util.stream.Collectors;

/**
 * The layered policy Tandem recommends, before it is written in any dialect: every allow rule with
 * the edge that justifies it, and everything it refused to allow with the reason. The Calico,
 * Kubernetes and Istio writers and the simulator all read this one plan, so the layers cannot
 * disagree.
 *
 * @param namespaces namespaces that get a default deny and allow rules, sorted
 * @param l4Rules L3/L4 allow rules, one per edge and side, sorted
 * @param l7Policies Istio ALLOW policies, one per meshed destination, sorted
 * @param mtls PeerAuthentication readiness of every meshed destination, sorted
 * @param allowNothingNamespaces namespaces where every meshed destination got an L7 policy, so the
 *     namespace-wide {@code allow-nothing} cannot break an observed caller
 * @param needsReview edges not turned into rules, with why
 * @param denied edges the kernel denied: they stay denied
 * @param edges every observed edge
 * @param externalServices external DNS names meshed workloads called, per namespace, for Istio
 *     ServiceEntries, sorted by namespace and host
 */
public record PolicyPlan(
        List<String> namespaces,
        List<L4Rule> l4Rules,
        List<L7Policy> l7Policies,
        List<MtlsReadiness> mtls,
        List<String> allowNothingNamespaces,
        List<ReviewItem> needsReview,
        List<ObservedEdge> denied,
        List<ObservedEdge> edges,
        List<ExternalService> externalServices) {

    /** Which side of an edge a rule sits on. */
    public enum Direction {
        INGRESS,
        EGRESS
    }

    /** Why an observed edge was not turned into an allow rule. */
    public enum ReviewReason {
        BYPASS_INGRESS,
        BYPASS_EGRESS,
        NO_STABLE_LABELS,
        PEER_NOT_EXPRESSIBLE,
        INVALID_NAMESPACE,
        PROTOCOL_NOT_EXPRESSIBLE,
        /**
         * Requests to paths an AuthorizationPolicy cannot name as themselves ({@link PathHazard}):
         * the edge's other paths are allowed, these are not.
         */
        PATH_NOT_EXPRESSIBLE,
        /**
         * Requests with methods an AuthorizationPolicy cannot name (a client's non-method, the
         * windows' {@code (other)}): the edge's other methods are allowed, these are not.
         */
        METHOD_NOT_EXPRESSIBLE
    }

    /**
     * The workload a policy applies to.
     *
     * @param namespace its namespace
     * @param workload its name
     * @param selector the stable labels that select its pods, sorted, never empty
     */
    public record Target(String namespace, String workload, SortedMap<String, String> selector) {}

    /**
     * The other end of a rule: pods selected by labels in a namespace, an address block, or a node.
     *
     * @param namespace the peer's namespace, or null for an address block or a node
     * @param selector the peer's stable labels, or null for an address block or a node
     * @param cidr the address block, or null for pods and nodes
     * @param domains the DNS names the proxy saw for an external address, sorted; empty otherwise.
     *     Evidence only: the rule allows {@code cidr} (see {@link CalicoPolicies})
     * @param host the node's name, for a host peer (the kubelet probing a pod); null otherwise. The
     *     evidence names the node but not its address, so each dialect says "this node" its own way
     *     (see {@link CalicoPolicies} and {@link KubernetesPolicies})
     */
    public record Peer(
            String namespace,
            SortedMap<String, String> selector,
            String cidr,
            List<String> domains,
            String host) {
        public Peer {
            domains = domains == null ? List.of() : List.copyOf(domains);
        }

        /** Pods or an address block. */
        public Peer(
                String namespace,
                SortedMap<String, String> selector,
                String cidr,
                List<String> domains) {
            this(namespace, selector, cidr, domains, null);
        }

        /** The node named {@code host}. */
        public static Peer node(String host) {
            return new Peer(null, null, null, null, host);
        }

        public boolean isCidr() {
            return cidr != null;
        }

        public boolean isHost() {
            return host != null;
        }

        /** For people and rule ids. */
        public String display() {
            if (isCidr()) {
                return cidr;
            }
            if (isHost()) {
                return "host:" + host;
            }
            return namespace
                    + "/{"
                    + selector.entrySet().stream()
                            .map(e -> e.getKey() + "=" + e.getValue())
                            .collect(Collectors.joining(","))
                    + "}";
        }
    }

    /**
     * One L3/L4 allow rule.
     *
     * @param direction ingress at the destination, or egress at the source
     * @param target the workload the rule sits on
     * @param peer the other end
     * @param protocol {@code TCP}, {@code UDP} or {@code SCTP}
     * @param port the destination port
     * @param edge the evidence
     */
    public record L4Rule(
            Direction direction,
            Target target,
            Peer peer,
            String protocol,
            int port,
            ObservedEdge edge) {
        public String policyName() {
            return Names.policyName(
                    direction == Direction.INGRESS ? "tandem-ingress-" : "tandem-egress-",
                    target.workload());
        }

        /** A stable id, the same in every run over the same evidence. */
        public String id() {
            return "l4/"
                    + target.namespace()
                    + "/"
                    + policyName()
                    + "/"
                    + direction.name().toLowerCase(java.util.Locale.ROOT)
                    + "/"
                    + peer.display()
                    + "/"
                    + protocol
                    + "/"
                    + port;
        }
    }

    /**
     * One Istio ALLOW rule: a caller identity, a port, and what it may do there.
     *
     * @param principal {@code TRUST_DOMAIN/ns/NS/sa/SA}
     * @param port the port
     * @param methods HTTP methods, sorted; empty for TCP
     * @param paths path patterns, sorted; empty for TCP
     * @param edges the evidence
     */
    public record L7Rule(
            String principal,
            int port,
            List<String> methods,
            List<String> paths,
            List<ObservedEdge> edges) {}

    /**
     * The Istio ALLOW policy of one meshed destination.
     *
     * @param target the destination
     * @param rules its rules, sorted by principal and port
     * @param pathsGeneralized true when the observed paths exceeded the budget and were cut to
     *     prefixes
     */
    public record L7Policy(Target target, List<L7Rule> rules, boolean pathsGeneralized) {
        public String policyName() {
            return Names.policyName("tandem-", target.workload());
        }

        /** The stable id of one rule. */
        public String id(L7Rule rule) {
            return "l7/"
                    + target.namespace()
                    + "/"
                    + policyName()
                    + "/"
                    + rule.principal()
                    + "/"
                    + rule.port();
        }
    }

    /**
     * Whether a meshed destination can require mTLS (PeerAuthentication STRICT).
     *
     * @param target the destination
     * @param strict true when every observed caller used mTLS
     * @param plaintextCallers callers seen without mTLS (or without any mTLS evidence), sorted
     * @param l7Withheld true when no ALLOW policy was generated because a caller has no identity
     */
    public record MtlsReadiness(
            Target target, boolean strict, List<String> plaintextCallers, boolean l7Withheld) {}

    /**
     * An external DNS name that meshed workloads of one namespace called: an Istio ServiceEntry, so
     * the sidecars know the name (and a registry-only mesh lets it through) without opening the
     * passthrough to everything.
     *
     * @param namespace the callers' namespace, where the entry is visible only
     * @param host the DNS name
     * @param ports the ports called, sorted by number
     * @param edges the evidence
     */
    public record ExternalService(
            String namespace, String host, List<ServicePort> ports, List<ObservedEdge> edges) {
        public String name() {
            return Names.policyName("tandem-external-", host);
        }
    }

    /**
     * A port of an {@link ExternalService}.
     *
     * @param number the port
     * @param protocol Istio's protocol name: {@code HTTP} when the sidecar saw requests, {@code
     *     TLS} on 443 without them, else {@code TCP}
     */
    public record ServicePort(int number, String protocol) {
        /** {@code tls-443}: Istio wants a name per port. */
        public String name() {
            return protocol.toLowerCase(java.util.Locale.ROOT) + "-" + number;
        }
    }

    /**
     * An edge that did not become a rule.
     *
     * @param reason why
     * @param detail one sentence for people
     * @param edge the evidence
     */
    public record ReviewItem(ReviewReason reason, String detail, ObservedEdge edge) {}
}
