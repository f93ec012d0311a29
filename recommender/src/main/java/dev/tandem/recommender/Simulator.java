package dev.tandem.recommender;

import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.Verdict;
import dev.tandem.recommender.PolicyPlan.Direction;
import dev.tandem.recommender.PolicyPlan.L4Rule;
import dev.tandem.recommender.PolicyPlan.L7Policy;
import dev.tandem.recommender.PolicyPlan.L7Rule;
import dev.tandem.recommender.PolicyPlan.Peer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Replays the observed edges against a plan with the semantics of the policies (label selectors,
 * namespace selectors, ports, principals, Istio path matching), independently of how the planner
 * chose the rules: a planner bug shows up here as an uncovered edge or an over-permitted pair.
 */
public final class Simulator {
    private final Principals principals;

    public Simulator(Principals principals) {
        this.principals = principals;
    }

    public Simulation simulate(PolicyPlan plan) {
        Set<String> managed = new HashSet<>(plan.namespaces());
        List<ObservedEdge> legitimate = new ArrayList<>();
        for (ObservedEdge edge : plan.edges()) {
            if (!edge.anyBypass() && edge.windowsWith(Verdict.DENIED) == 0) {
                legitimate.add(edge);
            }
        }
        Map<RuleSlot, List<L4Rule>> l4Rules = indexL4(plan);
        Map<String, List<L7Policy>> l7Policies = indexL7(plan);
        TreeSet<String> uncoveredL4 = new TreeSet<>();
        TreeSet<String> uncoveredL7 = new TreeSet<>();
        int l7Edges = 0;
        for (ObservedEdge edge : legitimate) {
            boolean ingress =
                    !governed(edge.destination(), managed)
                            || allowedBy(
                                    l4Rules,
                                    Direction.INGRESS,
                                    edge.destination(),
                                    edge.source(),
                                    edge);
            boolean egress =
                    !governed(edge.source(), managed)
                            || PolicyPlanner.isClusterDns(edge)
                            || allowedBy(
                                    l4Rules,
                                    Direction.EGRESS,
                                    edge.source(),
                                    edge.destination(),
                                    edge);
            if (!ingress || !egress) {
                uncoveredL4.add(edge.display());
            }
            // Envoy serves its own ports itself: no AuthorizationPolicy applies there. Requests
            // to paths a policy cannot name (PathHazard) are meant to be denied, as a bypass is:
            // an edge with no other paths has nothing to allow at L7.
            L7Policy policy =
                    PolicyPlanner.isSidecarPort(edge) || onlyUnsafePaths(edge)
                            ? null
                            : l7PolicyFor(l7Policies, edge.destination());
            if (policy != null) {
                l7Edges++;
                if (!allowedByL7(policy, edge)) {
                    uncoveredL7.add(edge.display());
                }
            }
        }
        Set<String> observed = new HashSet<>();
        for (ObservedEdge edge : legitimate) {
            observed.add(
                    pair(
                            edge.sourceKey().display(),
                            edge.destinationKey().display(),
                            edge.port(),
                            edge.protocol()));
        }
        // Every workload seen, by namespace: selectors only ever match within one namespace.
        Map<String, Map<WorkloadKey, Labels>> universe = new TreeMap<>();
        for (ObservedEdge edge : plan.edges()) {
            putWorkload(universe, edge.source());
            putWorkload(universe, edge.destination());
        }
        TreeSet<String> allowed = new TreeSet<>();
        for (L4Rule rule : plan.l4Rules()) {
            if (rule.direction() != Direction.INGRESS) {
                continue;
            }
            for (Map.Entry<WorkloadKey, Labels> target :
                    universe.getOrDefault(rule.target().namespace(), Map.of()).entrySet()) {
                if (!StableLabels.matches(rule.target().selector(), target.getValue())) {
                    continue;
                }
                String targetName = target.getKey().display();
                if (rule.peer().isCidr()) {
                    allowed.add(pair(rule.peer().cidr(), targetName, rule.port(), rule.protocol()));
                    continue;
                }
                if (rule.peer().isHost()) {
                    String node =
                            new WorkloadKey(null, rule.peer().host(), EndpointKind.HOST).display();
                    allowed.add(pair(node, targetName, rule.port(), rule.protocol()));
                    continue;
                }
                for (Map.Entry<WorkloadKey, Labels> peer :
                        universe.getOrDefault(rule.peer().namespace(), Map.of()).entrySet()) {
                    if (StableLabels.matches(rule.peer().selector(), peer.getValue())) {
                        allowed.add(
                                pair(
                                        peer.getKey().display(),
                                        targetName,
                                        rule.port(),
                                        rule.protocol()));
                    }
                }
            }
        }
        Set<String> observedCidr = new HashSet<>();
        for (ObservedEdge edge : legitimate) {
            String cidr = PolicyPlanner.cidrOf(edge.source().workload());
            if (cidr != null) {
                observedCidr.add(
                        pair(cidr, edge.destinationKey().display(), edge.port(), edge.protocol()));
            }
        }
        List<String> over = new ArrayList<>();
        for (String pair : allowed) {
            if (!observed.contains(pair) && !observedCidr.contains(pair)) {
                over.add(pair);
            }
        }
        return new Simulation(
                legitimate.size(),
                List.copyOf(uncoveredL4),
                l7Edges,
                List.copyOf(uncoveredL7),
                allowed.size(),
                List.copyOf(over));
    }

    private static boolean onlyUnsafePaths(ObservedEdge edge) {
        return edge.paths().isEmpty() && !edge.unsafePaths().isEmpty();
    }

    private static boolean governed(EndpointRef ref, Set<String> managed) {
        return ref.kind() == EndpointKind.WORKLOAD && managed.contains(ref.namespace());
    }

    /**
     * Where an L4 rule can apply: replaying each edge against only the rules of its own direction,
     * namespace and port keeps the simulation linear in edges rather than edges times rules.
     */
    private record RuleSlot(Direction direction, String namespace, int port) {}

    private static Map<RuleSlot, List<L4Rule>> indexL4(PolicyPlan plan) {
        Map<RuleSlot, List<L4Rule>> index = new HashMap<>();
        for (L4Rule rule : plan.l4Rules()) {
            index.computeIfAbsent(
                            new RuleSlot(rule.direction(), rule.target().namespace(), rule.port()),
                            k -> new ArrayList<>())
                    .add(rule);
        }
        return index;
    }

    /** The L7 policies of each namespace, in plan order: the first that selects a pod wins. */
    private static Map<String, List<L7Policy>> indexL7(PolicyPlan plan) {
        Map<String, List<L7Policy>> index = new HashMap<>();
        for (L7Policy policy : plan.l7Policies()) {
            index.computeIfAbsent(policy.target().namespace(), k -> new ArrayList<>()).add(policy);
        }
        return index;
    }

    private static boolean allowedBy(
            Map<RuleSlot, List<L4Rule>> rules,
            Direction direction,
            EndpointRef self,
            EndpointRef other,
            ObservedEdge edge) {
        for (L4Rule rule :
                rules.getOrDefault(
                        new RuleSlot(direction, self.namespace(), edge.port()), List.of())) {
            if (rule.direction() == direction
                    && rule.port() == edge.port()
                    && rule.protocol().equalsIgnoreCase(edge.protocol())
                    && rule.target().namespace().equals(self.namespace())
                    && StableLabels.matches(rule.target().selector(), self.labels())
                    && peerMatches(rule.peer(), other)) {
                return true;
            }
        }
        return false;
    }

    private static boolean peerMatches(Peer peer, EndpointRef ref) {
        if (peer.isCidr()) {
            return peer.cidr().equals(PolicyPlanner.cidrOf(ref.workload()));
        }
        if (peer.isHost()) {
            return ref.kind() == EndpointKind.HOST && peer.host().equals(ref.workload());
        }
        return ref.kind() == EndpointKind.WORKLOAD
                && peer.namespace().equals(ref.namespace())
                && StableLabels.matches(peer.selector(), ref.labels());
    }

    private static L7Policy l7PolicyFor(
            Map<String, List<L7Policy>> policies, EndpointRef destination) {
        if (destination.kind() != EndpointKind.WORKLOAD) {
            return null;
        }
        for (L7Policy policy : policies.getOrDefault(destination.namespace(), List.of())) {
            if (policy.target().namespace().equals(destination.namespace())
                    && StableLabels.matches(policy.target().selector(), destination.labels())) {
                return policy;
            }
        }
        return null;
    }

    private boolean allowedByL7(L7Policy policy, ObservedEdge edge) {
        List<String> callerPrincipals = principals.of(edge);
        for (L7Rule rule : policy.rules()) {
            if (rule.port() != edge.port() || !callerPrincipals.contains(rule.principal())) {
                continue;
            }
            boolean methods =
                    rule.methods().isEmpty()
                            || edge.methods().keySet().stream()
                                    .allMatch(
                                            m ->
                                                    rule.methods()
                                                            .contains(m.toUpperCase(Locale.ROOT)));
            boolean paths =
                    rule.paths().isEmpty()
                            || edge.paths().keySet().stream()
                                    .allMatch(
                                            p ->
                                                    rule.paths().stream()
                                                            .anyMatch(
                                                                    t ->
                                                                            PathTemplates.matches(
                                                                                    t,
                                                                                    PathTemplates
                                                                                            .normalize(
                                                                                                    p))));
            if (methods && paths) {
                return true;
            }
        }
        return false;
    }

    private static void putWorkload(
            Map<String, Map<WorkloadKey, Labels>> universe, EndpointRef ref) {
        if (ref.kind() == EndpointKind.WORKLOAD && ref.namespace() != null) {
            universe.computeIfAbsent(ref.namespace(), n -> new TreeMap<>())
                    .put(WorkloadKey.of(ref), ref.labels());
        }
    }

    private static String pair(String from, String to, int port, String protocol) {
        return from + " -> " + to + ":" + port + "/" + protocol.toLowerCase(Locale.ROOT);
    }
}
