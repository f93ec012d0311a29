package dev.tandem.recommender;

import static dev.tandem.recommender.Yaml.map;

import dev.tandem.recommender.PolicyPlan.Direction;
import dev.tandem.recommender.PolicyPlan.L4Rule;
import dev.tandem.recommender.PolicyPlan.Peer;
import dev.tandem.recommender.PolicyPlan.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The plan's L3/L4 layer as Calico {@code projectcalico.org/v3} policies, per namespace: a default
 * deny that still lets pods reach the cluster DNS, then one ingress and one egress policy per
 * workload. Staged policies ({@code StagedNetworkPolicy}) show in Calico's flow logs what they
 * would do without enforcing it: the safe first step.
 *
 * <p>External peers are allowed by address ({@code nets}, the narrowest CIDR), even where the proxy
 * saw their DNS name: {@code destination.domains} is a Calico Enterprise field that the open-source
 * {@code projectcalico.org/v3} schema (../shared/schemas/calico) does not have. An API server would
 * prune it as unknown, and the rule would then allow every destination on the port. The names go to
 * the Istio ServiceEntry and to recommendations.json instead.
 *
 * <p>A node peer (the kubelet probing a pod) is selected by its {@code kubernetes.io/hostname}
 * label among global endpoints: the evidence names the node but not its address.
 */
public final class CalicoPolicies {
    static final String API_VERSION = "projectcalico.org/v3";

    /** The label every node (and its automatic host endpoint) carries with its name. */
    private static final String NODE_NAME_LABEL = "kubernetes.io/hostname";

    /** Allow policies are evaluated before the default deny; Calico runs lower orders first. */
    private static final int ALLOW_ORDER = 100;

    private static final int DENY_ORDER = 1000;

    private CalicoPolicies() {}

    /** Documents per namespace, sorted by namespace then policy name. */
    public static SortedMap<String, List<Map<String, Object>>> render(
            PolicyPlan plan, boolean staged) {
        SortedMap<String, List<Map<String, Object>>> out = new TreeMap<>();
        for (String namespace : plan.namespaces()) {
            List<Map<String, Object>> docs = new ArrayList<>();
            docs.add(defaultDeny(namespace, staged));
            TreeMap<String, List<L4Rule>> byPolicy = new TreeMap<>();
            for (L4Rule rule : plan.l4Rules()) {
                if (rule.target().namespace().equals(namespace)) {
                    byPolicy.computeIfAbsent(rule.policyName(), n -> new ArrayList<>()).add(rule);
                }
            }
            byPolicy.forEach((name, rules) -> docs.add(policy(name, rules, staged)));
            out.put(namespace, docs);
        }
        return out;
    }

    private static Map<String, Object> defaultDeny(String namespace, boolean staged) {
        Map<String, Object> spec =
                map(
                        "order",
                        DENY_ORDER,
                        "selector",
                        "all()",
                        "types",
                        List.of("Ingress", "Egress"),
                        "egress",
                        List.of(dnsRule("UDP"), dnsRule("TCP")));
        return withSpec(namespace, "tandem-default-deny", spec, staged);
    }

    private static Map<String, Object> dnsRule(String protocol) {
        return map(
                "action",
                "Allow",
                "protocol",
                protocol,
                "destination",
                map(
                        "namespaceSelector", "projectcalico.org/name == 'kube-system'",
                        "selector", "k8s-app == 'kube-dns'",
                        "ports", List.of(53)));
    }

    private static Map<String, Object> policy(String name, List<L4Rule> rules, boolean staged) {
        L4Rule first = rules.get(0);
        boolean ingress = first.direction() == Direction.INGRESS;
        List<Map<String, Object>> rendered = new ArrayList<>();
        for (L4Rule rule : rules) {
            Map<String, Object> peer = peer(rule.peer());
            Map<String, Object> ports = map("ports", List.of(rule.port()));
            if (ingress) {
                rendered.add(
                        map(
                                "action",
                                "Allow",
                                "protocol",
                                rule.protocol(),
                                "source",
                                peer,
                                "destination",
                                ports));
            } else {
                peer.putAll(ports);
                rendered.add(
                        map("action", "Allow", "protocol", rule.protocol(), "destination", peer));
            }
        }
        Map<String, Object> spec =
                map(
                        "order",
                        ALLOW_ORDER,
                        "selector",
                        selector(first.target()),
                        "types",
                        List.of(ingress ? "Ingress" : "Egress"),
                        ingress ? "ingress" : "egress",
                        rendered);
        return withSpec(first.target().namespace(), name, spec, staged);
    }

    private static Map<String, Object> withSpec(
            String namespace, String name, Map<String, Object> spec, boolean staged) {
        Map<String, Object> doc =
                Yaml.object(
                        API_VERSION,
                        staged ? "StagedNetworkPolicy" : "NetworkPolicy",
                        name,
                        namespace);
        if (staged) {
            Map<String, Object> stagedSpec = map("stagedAction", "Set");
            stagedSpec.putAll(spec);
            spec = stagedSpec;
        }
        doc.put("spec", spec);
        return doc;
    }

    private static Map<String, Object> peer(Peer peer) {
        if (peer.isCidr()) {
            return map("nets", List.of(peer.cidr()));
        }
        if (peer.isHost()) {
            // The node's host endpoints: global() reaches past the policy's namespace, and Calico's
            // automatic host endpoints carry the node's labels, kubernetes.io/hostname among them.
            return map(
                    "namespaceSelector",
                    "global()",
                    "selector",
                    selectorExpression(Map.of(NODE_NAME_LABEL, peer.host())));
        }
        return map(
                "namespaceSelector",
                "projectcalico.org/name == '" + peer.namespace() + "'",
                "selector",
                selectorExpression(peer.selector()));
    }

    private static String selector(Target target) {
        return selectorExpression(target.selector());
    }

    /**
     * {@code key == 'value' && ...}. Safe to quote with single quotes: {@link StableLabels} admits
     * only valid label syntax, which has no quotes.
     */
    static String selectorExpression(Map<String, String> labels) {
        return labels.entrySet().stream()
                .map(e -> e.getKey() + " == '" + e.getValue() + "'")
                .collect(Collectors.joining(" && "));
    }
}
