package dev.tandem.recommender;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.Verdict;
import dev.tandem.recommender.PolicyPlan.Direction;
import dev.tandem.recommender.PolicyPlan.ExternalService;
import dev.tandem.recommender.PolicyPlan.L4Rule;
import dev.tandem.recommender.PolicyPlan.L7Policy;
import dev.tandem.recommender.PolicyPlan.L7Rule;
import dev.tandem.recommender.PolicyPlan.MtlsReadiness;
import dev.tandem.recommender.PolicyPlan.Peer;
import dev.tandem.recommender.PolicyPlan.ReviewItem;
import dev.tandem.recommender.PolicyPlan.ReviewReason;
import dev.tandem.recommender.PolicyPlan.ServicePort;
import dev.tandem.recommender.PolicyPlan.Target;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns observed edges into a {@link PolicyPlan}. The rules of DESIGN.md, in order: an edge with
 * any window judged a sidecar bypass is never allowed, at either layer (the kernel cannot tell the
 * bypassing connection from the mediated one); an edge the kernel denied stays denied; every other
 * edge becomes an ingress rule at its destination and an egress rule at its source, and, for a
 * meshed destination, an Istio rule for the caller's identity.
 */
public final class PolicyPlanner {
    /**
     * Namespaces Tandem never writes policy into: the control planes that keep the cluster, the
     * network and the mesh running. Their workloads still appear as peers.
     */
    static final Set<String> SYSTEM_NAMESPACES =
            Set.of(
                    "kube-system",
                    "kube-public",
                    "kube-node-lease",
                    "istio-system",
                    "calico-system",
                    "calico-apiserver",
                    "tigera-operator");

    /** Path patterns per destination workload: Istio evaluates every path, so keep them few. */
    public static final int DEFAULT_PATH_BUDGET = 32;

    /**
     * Istio's reserved ports (docs/correlation.md): Envoy and pilot-agent serve them on every
     * sidecar (15020 merged metrics and rewritten probes, 15021 health, 15090 Envoy's Prometheus
     * endpoint). AuthorizationPolicy does not govern them and PeerAuthentication STRICT does not
     * apply to them, so their callers (kubelet, Prometheus) are no L7 callers.
     */
    static final int SIDECAR_PORTS_FIRST = 15000;

    static final int SIDECAR_PORTS_LAST = 15090;

    /** Held-back paths a review's detail names; the rest are in recommendations.json. */
    static final int UNSAFE_PATHS_DESCRIBED = 3;

    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,20}");
    private static final Pattern IPV4 =
            Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

    private final Principals principals;
    private final int pathBudget;

    public PolicyPlanner(Principals principals, int pathBudget) {
        this.principals = principals;
        if (pathBudget < 1) {
            throw new IllegalArgumentException("path budget must be at least 1: " + pathBudget);
        }
        this.pathBudget = pathBudget;
    }

    /** The plan for {@code edges} (as {@link EdgeAggregator#edges()} returns them). */
    public PolicyPlan plan(List<ObservedEdge> edges) {
        List<ReviewItem> review = new ArrayList<>();
        List<ObservedEdge> denied = new ArrayList<>();
        List<ObservedEdge> legitimate = new ArrayList<>();
        for (ObservedEdge edge : edges) {
            if (edge.anyBypass()) {
                review.add(bypass(edge));
            } else if (edge.windowsWith(Verdict.DENIED) > 0) {
                denied.add(edge);
            } else {
                legitimate.add(edge);
            }
        }

        TreeSet<String> namespaces = new TreeSet<>();
        for (ObservedEdge edge : legitimate) {
            addIfManaged(namespaces, edge.source());
            addIfManaged(namespaces, edge.destination());
        }

        List<L4Rule> l4 = new ArrayList<>();
        Map<WorkloadKey, List<ObservedEdge>> meshedDestinations = new TreeMap<>();
        for (ObservedEdge edge : legitimate) {
            String protocol = protocolOf(edge);
            if (protocol == null) {
                review.add(
                        item(
                                ReviewReason.PROTOCOL_NOT_EXPRESSIBLE,
                                "protocol "
                                        + edge.protocol()
                                        + " has no ports to allow in NetworkPolicy",
                                edge));
                continue;
            }
            if (isWorkload(edge.destination())) {
                planSide(
                        Direction.INGRESS,
                        edge.destination(),
                        edge.source(),
                        protocol,
                        edge,
                        namespaces,
                        l4,
                        review);
                if (edge.destination().meshed()
                        && !isSidecarPort(edge)
                        && namespaces.contains(edge.destination().namespace())) {
                    meshedDestinations
                            .computeIfAbsent(edge.destinationKey(), k -> new ArrayList<>())
                            .add(edge);
                }
            }
            if (isWorkload(edge.source()) && !isClusterDns(edge)) {
                planSide(
                        Direction.EGRESS,
                        edge.source(),
                        edge.destination(),
                        protocol,
                        edge,
                        namespaces,
                        l4,
                        review);
            }
        }

        List<ExternalService> external = externalServices(legitimate, namespaces);

        List<L7Policy> l7 = new ArrayList<>();
        List<MtlsReadiness> mtls = new ArrayList<>();
        TreeSet<String> withheldNamespaces = new TreeSet<>();
        meshedDestinations.forEach(
                (key, incoming) -> {
                    SortedMap<String, String> selector =
                            StableLabels.selectorFor(
                                    incoming.get(incoming.size() - 1).destination().labels());
                    if (selector.isEmpty()) {
                        return;
                    }
                    Target target = new Target(key.namespace(), key.name(), selector);
                    TreeSet<String> plaintext = new TreeSet<>();
                    boolean withheld = false;
                    for (ObservedEdge edge : incoming) {
                        if (!usedMutualTls(edge)) {
                            plaintext.add(edge.sourceKey().display());
                        }
                        if (principals.of(edge).isEmpty()) {
                            withheld = true;
                        }
                    }
                    mtls.add(
                            new MtlsReadiness(
                                    target, plaintext.isEmpty(), List.copyOf(plaintext), withheld));
                    if (withheld) {
                        withheldNamespaces.add(key.namespace());
                    } else {
                        L7Policy policy = l7Policy(target, incoming);
                        l7.add(policy);
                        for (ObservedEdge edge : incoming) {
                            if (!edge.unsafePaths().isEmpty()) {
                                review.add(unsafePaths(edge, policy));
                            }
                            if (hasInexpressibleMethod(edge)) {
                                review.add(inexpressibleMethods(edge, policy));
                            }
                        }
                    }
                });

        List<String> allowNothing = new ArrayList<>();
        for (L7Policy policy : l7) {
            String ns = policy.target().namespace();
            if (!withheldNamespaces.contains(ns) && !allowNothing.contains(ns)) {
                allowNothing.add(ns);
            }
        }

        l4.sort(Comparator.comparing(L4Rule::id));
        review.sort(
                Comparator.comparing((ReviewItem r) -> r.edge().display())
                        .thenComparing(ReviewItem::reason));
        return new PolicyPlan(
                List.copyOf(namespaces),
                List.copyOf(l4),
                List.copyOf(l7),
                List.copyOf(mtls),
                List.copyOf(allowNothing),
                List.copyOf(review),
                List.copyOf(denied),
                List.copyOf(edges),
                external);
    }

    /**
     * One ServiceEntry per namespace and DNS name that meshed callers there reached: the sidecar
     * only acts on a name it knows.
     */
    private static List<ExternalService> externalServices(
            List<ObservedEdge> legitimate, Set<String> namespaces) {
        TreeMap<String, TreeMap<String, List<ObservedEdge>>> byNamespace = new TreeMap<>();
        for (ObservedEdge edge : legitimate) {
            EndpointRef source = edge.source();
            if (!isWorkload(source)
                    || !source.meshed()
                    || !namespaces.contains(source.namespace())
                    // Istio's sidecar proxies TCP only; other protocols pass it untouched.
                    || !"tcp".equalsIgnoreCase(edge.protocol())) {
                continue;
            }
            for (String host : ExternalNames.of(edge)) {
                byNamespace
                        .computeIfAbsent(source.namespace(), n -> new TreeMap<>())
                        .computeIfAbsent(host, h -> new ArrayList<>())
                        .add(edge);
            }
        }
        List<ExternalService> out = new ArrayList<>();
        byNamespace.forEach(
                (namespace, hosts) ->
                        hosts.forEach(
                                (host, edges) -> {
                                    TreeMap<Integer, String> ports = new TreeMap<>();
                                    for (ObservedEdge edge : edges) {
                                        ports.merge(
                                                edge.port(),
                                                serviceProtocol(edge),
                                                PolicyPlanner::strongerProtocol);
                                    }
                                    List<ServicePort> list = new ArrayList<>();
                                    ports.forEach((n, p) -> list.add(new ServicePort(n, p)));
                                    out.add(
                                            new ExternalService(
                                                    namespace,
                                                    host,
                                                    List.copyOf(list),
                                                    List.copyOf(edges)));
                                }));
        return List.copyOf(out);
    }

    /** What the sidecar saw decides: requests mean HTTP, port 443 without them TLS, else TCP. */
    private static String serviceProtocol(ObservedEdge edge) {
        if (!edge.methods().isEmpty()) {
            return "HTTP";
        }
        return edge.port() == 443 ? "TLS" : "TCP";
    }

    /** One protocol per port: the one that tells the sidecar most (HTTP, then TLS, then TCP). */
    private static String strongerProtocol(String a, String b) {
        List<String> order = List.of("HTTP", "TLS", "TCP");
        return order.indexOf(a) <= order.indexOf(b) ? a : b;
    }

    private void planSide(
            Direction direction,
            EndpointRef self,
            EndpointRef other,
            String protocol,
            ObservedEdge edge,
            Set<String> namespaces,
            List<L4Rule> l4,
            List<ReviewItem> review) {
        if (!Names.isNamespace(self.namespace())) {
            review.add(
                    item(
                            ReviewReason.INVALID_NAMESPACE,
                            "namespace '"
                                    + self.namespace()
                                    + "' of "
                                    + self.workload()
                                    + " is not a valid Kubernetes name",
                            edge));
            return;
        }
        if (!namespaces.contains(self.namespace())) {
            return;
        }
        SortedMap<String, String> selector = StableLabels.selectorFor(self.labels());
        if (selector.isEmpty()) {
            review.add(
                    item(
                            ReviewReason.NO_STABLE_LABELS,
                            self.workload() + " has no stable labels to select its pods by",
                            edge));
            return;
        }
        Peer peer = peerOf(other);
        List<String> domains = direction == Direction.EGRESS ? ExternalNames.of(edge) : List.of();
        if (peer == null && !domains.isEmpty()) {
            review.add(
                    item(
                            ReviewReason.PEER_NOT_EXPRESSIBLE,
                            "external peer '"
                                    + other.workload()
                                    + "' is known only by name ("
                                    + String.join(", ", domains)
                                    + "): Kubernetes and open-source Calico NetworkPolicy cannot allow a domain;"
                                    + " an Istio ServiceEntry names it where the caller is meshed",
                            edge));
            return;
        }
        if (peer != null && !domains.isEmpty()) {
            peer = new Peer(null, null, peer.cidr(), domains);
        }
        if (peer == null) {
            review.add(
                    item(
                            ReviewReason.PEER_NOT_EXPRESSIBLE,
                            other.kind().jsonName()
                                    + " peer '"
                                    + other.workload()
                                    + "' has no labels or address that NetworkPolicy can name",
                            edge));
            return;
        }
        l4.add(
                new L4Rule(
                        direction,
                        new Target(self.namespace(), self.workload(), selector),
                        peer,
                        protocol,
                        edge.port(),
                        edge));
    }

    private L7Policy l7Policy(Target target, List<ObservedEdge> incoming) {
        List<String> allPaths = new ArrayList<>();
        for (ObservedEdge edge : incoming) {
            allPaths.addAll(edge.paths().keySet());
        }
        Map<String, String> templates = PathTemplates.generalize(allPaths, pathBudget);
        boolean generalized =
                templates.values().stream().distinct().count()
                        < allPaths.stream().distinct().count();

        TreeMap<String, TreeMap<Integer, List<ObservedEdge>>> grouped = new TreeMap<>();
        for (ObservedEdge edge : incoming) {
            for (String principal : principals.of(edge)) {
                grouped.computeIfAbsent(principal, p -> new TreeMap<>())
                        .computeIfAbsent(edge.port(), p -> new ArrayList<>())
                        .add(edge);
            }
        }
        List<L7Rule> rules = new ArrayList<>();
        grouped.forEach(
                (principal, byPort) ->
                        byPort.forEach(
                                (port, edges) -> {
                                    TreeSet<String> methods = new TreeSet<>();
                                    TreeSet<String> paths = new TreeSet<>();
                                    for (ObservedEdge edge : edges) {
                                        for (String method : edge.methods().keySet()) {
                                            if (expressible(method)) {
                                                methods.add(method.toUpperCase(Locale.ROOT));
                                            }
                                        }
                                        for (String path : edge.paths().keySet()) {
                                            paths.add(templates.get(path));
                                        }
                                    }
                                    if (paths.isEmpty() && anyUnsafePath(edges)) {
                                        // Every path was held back, and a rule without paths
                                        // would allow every path.
                                        return;
                                    }
                                    if (methods.isEmpty() && anyMethod(edges)) {
                                        // The same for methods: none a policy can name.
                                        return;
                                    }
                                    rules.add(
                                            new L7Rule(
                                                    principal,
                                                    port,
                                                    List.copyOf(methods),
                                                    List.copyOf(paths),
                                                    List.copyOf(edges)));
                                }));
        return new L7Policy(target, List.copyOf(rules), generalized);
    }

    /**
     * A method an AuthorizationPolicy can name: letters only. Not the windows' {@code (other)},
     * which stands for methods not recorded by name, nor whatever else a client sent as one.
     */
    private static boolean expressible(String method) {
        return METHOD.matcher(method.toUpperCase(Locale.ROOT)).matches();
    }

    private static boolean anyMethod(List<ObservedEdge> edges) {
        return edges.stream().anyMatch(e -> !e.methods().isEmpty());
    }

    /** The methods of {@code edge} that {@code policy} leaves out. */
    private static ReviewItem inexpressibleMethods(ObservedEdge edge, L7Policy policy) {
        List<String> left = new ArrayList<>();
        for (String method : edge.methods().keySet()) {
            if (!expressible(method)) {
                left.add("'" + UnsafePath.show(method) + "'");
            }
        }
        boolean one = left.size() == 1;
        String detail =
                "observed "
                        + (one ? "method " : "methods ")
                        + String.join(", ", left)
                        + (one ? " is not a method" : " are not methods")
                        + " an AuthorizationPolicy can name ("
                        + EdgeWindow.OTHER
                        + " stands for methods not recorded by name). "
                        + policy.policyName()
                        + " does not list "
                        + (one ? "it" : "them")
                        + ", so Istio denies those requests until you allow them by hand";
        return item(ReviewReason.METHOD_NOT_EXPRESSIBLE, detail, edge);
    }

    private static boolean hasInexpressibleMethod(ObservedEdge edge) {
        return edge.methods().keySet().stream().anyMatch(m -> !expressible(m));
    }

    private static boolean anyUnsafePath(List<ObservedEdge> edges) {
        return edges.stream().anyMatch(e -> !e.unsafePaths().isEmpty());
    }

    /** The paths of {@code edge} that {@code policy} leaves out, and why. */
    private static ReviewItem unsafePaths(ObservedEdge edge, L7Policy policy) {
        List<String> clauses = new ArrayList<>();
        for (UnsafePath path : edge.unsafePaths().keySet()) {
            if (clauses.size() == UNSAFE_PATHS_DESCRIBED) {
                clauses.add(
                        (edge.unsafePaths().size() - UNSAFE_PATHS_DESCRIBED)
                                + " more in recommendations.json");
                break;
            }
            clauses.add("observed path " + path.describe());
        }
        boolean one = edge.unsafePaths().size() == 1;
        String detail =
                String.join("; ", clauses)
                        + ". "
                        + policy.policyName()
                        + (one ? " does not list this path" : " does not list these paths")
                        + ", so Istio denies requests to "
                        + (one ? "it" : "them")
                        + " unless one of the policy's prefix patterns covers "
                        + (one ? "it" : "them")
                        + "; allow a path by hand only if you know it is legitimate";
        return item(ReviewReason.PATH_NOT_EXPRESSIBLE, detail, edge);
    }

    private static boolean usedMutualTls(ObservedEdge edge) {
        return edge.source().meshed()
                && edge.mutualTlsRequests() > 0
                && edge.plaintextRequests() == 0;
    }

    private static ReviewItem bypass(ObservedEdge edge) {
        long ingress = edge.windowsWith(Verdict.BYPASS_INGRESS);
        long egress = edge.windowsWith(Verdict.BYPASS_EGRESS);
        ReviewReason reason =
                ingress >= egress ? ReviewReason.BYPASS_INGRESS : ReviewReason.BYPASS_EGRESS;
        String detail =
                (ingress + egress)
                        + " of "
                        + edge.windows()
                        + " windows bypassed the sidecar ("
                        + ingress
                        + " ingress, "
                        + egress
                        + " egress): never allowed at either layer; decide whether to fix the workload or allow it by hand";
        return item(reason, detail, edge);
    }

    private static ReviewItem item(ReviewReason reason, String detail, ObservedEdge edge) {
        return new ReviewItem(reason, detail, edge);
    }

    private static void addIfManaged(Set<String> namespaces, EndpointRef ref) {
        if (isWorkload(ref)
                && Names.isNamespace(ref.namespace())
                && !SYSTEM_NAMESPACES.contains(ref.namespace())) {
            namespaces.add(ref.namespace());
        }
    }

    private static boolean isWorkload(EndpointRef ref) {
        return ref.kind() == EndpointKind.WORKLOAD && ref.namespace() != null;
    }

    /**
     * True when the edge reaches the destination sidecar's own ports: an L3/L4 allowance only,
     * never an Istio rule nor an mTLS caller.
     */
    static boolean isSidecarPort(ObservedEdge edge) {
        return edge.destination().meshed()
                && edge.port() >= SIDECAR_PORTS_FIRST
                && edge.port() <= SIDECAR_PORTS_LAST;
    }

    /** DNS to the cluster DNS is allowed by every namespace's default policy, not per edge. */
    static boolean isClusterDns(ObservedEdge edge) {
        EndpointRef d = edge.destination();
        return edge.port() == 53
                && "kube-system".equals(d.namespace())
                && "kube-dns".equals(d.labels().get("k8s-app"));
    }

    private static String protocolOf(ObservedEdge edge) {
        switch (edge.protocol().toLowerCase(Locale.ROOT)) {
            case "tcp":
                return "TCP";
            case "udp":
                return "UDP";
            case "sctp":
                return "SCTP";
            default:
                return null;
        }
    }

    /**
     * The peer for {@code ref}: pods by stable labels, an address, or a node by its name (when the
     * name is a valid label value, so a selector can carry it); null when none fits.
     */
    static Peer peerOf(EndpointRef ref) {
        if (isWorkload(ref)) {
            SortedMap<String, String> selector = StableLabels.selectorFor(ref.labels());
            if (selector.isEmpty() || !Names.isNamespace(ref.namespace())) {
                return null;
            }
            return new Peer(ref.namespace(), selector, null, null);
        }
        String cidr = cidrOf(ref.workload());
        if (cidr != null) {
            return new Peer(null, null, cidr, null);
        }
        if (ref.kind() == EndpointKind.HOST
                && !ref.workload().isEmpty()
                && StableLabels.isValidValue(ref.workload())) {
            return Peer.node(ref.workload());
        }
        return null;
    }

    /**
     * {@code a.b.c.d/32} or {@code v6/128} for an address literal, else null. Never resolves names.
     */
    static String cidrOf(String text) {
        var v4 = IPV4.matcher(text);
        if (v4.matches()) {
            for (int i = 1; i <= 4; i++) {
                if (Integer.parseInt(v4.group(i)) > 255) {
                    return null;
                }
            }
            return text + "/32";
        }
        if (IPV6.matcher(text).matches()) {
            try {
                return java.net.InetAddress.getByName(text).getHostAddress() + "/128";
            } catch (java.net.UnknownHostException e) {
                return null;
            }
        }
        return null;
    }
}
