package dev.tandem.recommender;

import static dev.tandem.recommender.Yaml.map;

import dev.tandem.recommender.PolicyPlan.Direction;
import dev.tandem.recommender.PolicyPlan.L4Rule;
import dev.tandem.recommender.PolicyPlan.Peer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The plan's L3/L4 layer as Kubernetes {@code networking.k8s.io/v1} NetworkPolicies: the same rules
 * as {@link CalicoPolicies}, for clusters (or reviewers) that use the portable API.
 *
 * <p>Rules whose peer is a node are left out: the API can name a node only by address, which the
 * evidence does not carry, and it already guarantees that traffic between a pod and the node it
 * runs on (the kubelet's probes) is always allowed. The Calico policies keep those rules, and the
 * report's summary lists them ({@link #leftOut}), since from any other node they are denied here.
 */
public final class KubernetesPolicies {
    static final String API_VERSION = "networking.k8s.io/v1";
    private static final String NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name";

    private KubernetesPolicies() {}

    /** Documents per namespace, sorted by namespace then policy name. */
    public static SortedMap<String, List<Map<String, Object>>> render(PolicyPlan plan) {
        SortedMap<String, List<Map<String, Object>>> out = new TreeMap<>();
        for (String namespace : plan.namespaces()) {
            List<Map<String, Object>> docs = new ArrayList<>();
            docs.add(defaultDeny(namespace));
            TreeMap<String, List<L4Rule>> byPolicy = new TreeMap<>();
            for (L4Rule rule : plan.l4Rules()) {
                if (rule.target().namespace().equals(namespace) && expressible(rule)) {
                    byPolicy.computeIfAbsent(rule.policyName(), n -> new ArrayList<>()).add(rule);
                }
            }
            byPolicy.forEach((name, rules) -> docs.add(policy(name, rules)));
            out.put(namespace, docs);
        }
        return out;
    }

    /**
     * The plan's rules these policies leave out, those whose peer is a node, in plan order. Traffic
     * between a pod and its own node needs none; from or to another node it is denied unless the
     * reader adds an {@code ipBlock} with that node's address.
     */
    public static List<L4Rule> leftOut(PolicyPlan plan) {
        return plan.l4Rules().stream().filter(rule -> !expressible(rule)).toList();
    }

    /** Whether this API can say the rule: not when its peer is a node, named by name. */
    private static boolean expressible(L4Rule rule) {
        return !rule.peer().isHost();
    }

    /** A left-out rule for people: {@code node node-2 -> shop/cart-v1 on TCP/8080}. */
    static String describe(L4Rule rule) {
        String node = "node " + rule.peer().host();
        String workload = rule.target().namespace() + "/" + rule.target().workload();
        boolean ingress = rule.direction() == Direction.INGRESS;
        return (ingress ? node : workload)
                + " -> "
                + (ingress ? workload : node)
                + " on "
                + rule.protocol()
                + "/"
                + rule.port();
    }

    private static Map<String, Object> defaultDeny(String namespace) {
        Map<String, Object> dns =
                map(
                        "to",
                                List.of(
                                        map(
                                                "namespaceSelector",
                                                        matchLabels(
                                                                Map.of(
                                                                        NAMESPACE_NAME_LABEL,
                                                                        "kube-system")),
                                                "podSelector",
                                                        matchLabels(
                                                                Map.of("k8s-app", "kube-dns")))),
                        "ports",
                                List.of(
                                        map("protocol", "UDP", "port", 53),
                                        map("protocol", "TCP", "port", 53)));
        Map<String, Object> doc =
                Yaml.object(API_VERSION, "NetworkPolicy", "tandem-default-deny", namespace);
        doc.put(
                "spec",
                map(
                        "podSelector",
                        map(),
                        "policyTypes",
                        List.of("Ingress", "Egress"),
                        "egress",
                        List.of(dns)));
        return doc;
    }

    private static Map<String, Object> policy(String name, List<L4Rule> rules) {
        L4Rule first = rules.get(0);
        boolean ingress = first.direction() == Direction.INGRESS;
        List<Map<String, Object>> rendered = new ArrayList<>();
        for (L4Rule rule : rules) {
            List<Map<String, Object>> ports =
                    List.of(map("protocol", rule.protocol(), "port", rule.port()));
            rendered.add(map(ingress ? "from" : "to", List.of(peer(rule.peer())), "ports", ports));
        }
        Map<String, Object> doc =
                Yaml.object(API_VERSION, "NetworkPolicy", name, first.target().namespace());
        doc.put(
                "spec",
                map(
                        "podSelector",
                        matchLabels(first.target().selector()),
                        "policyTypes",
                        List.of(ingress ? "Ingress" : "Egress"),
                        ingress ? "ingress" : "egress",
                        rendered));
        return doc;
    }

    private static Map<String, Object> peer(Peer peer) {
        if (peer.isCidr()) {
            return map("ipBlock", map("cidr", peer.cidr()));
        }
        return map(
                "namespaceSelector", matchLabels(Map.of(NAMESPACE_NAME_LABEL, peer.namespace())),
                "podSelector", matchLabels(peer.selector()));
    }

    private static Map<String, Object> matchLabels(Map<String, String> labels) {
        return map("matchLabels", new TreeMap<>(labels));
    }
}
