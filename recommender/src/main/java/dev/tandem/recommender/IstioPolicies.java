package dev.tandem.recommender;

import static dev.tandem.recommender.Yaml.map;

import dev.tandem.recommender.PolicyPlan.ExternalService;
import dev.tandem.recommender.PolicyPlan.L7Policy;
import dev.tandem.recommender.PolicyPlan.L7Rule;
import dev.tandem.recommender.PolicyPlan.MtlsReadiness;
import dev.tandem.recommender.PolicyPlan.ServicePort;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The plan's L7 layer as Istio {@code security.istio.io/v1} resources, per namespace: an {@code
 * allow-nothing} baseline where it is safe, one ALLOW AuthorizationPolicy per meshed destination
 * (callers by principal; ports, methods and path patterns), and PeerAuthentication STRICT for each
 * destination whose every caller already used mTLS; and a {@code networking.istio.io/v1}
 * ServiceEntry per external DNS name meshed callers reached.
 */
public final class IstioPolicies {
    static final String API_VERSION = "security.istio.io/v1";
    static final String NETWORKING_API_VERSION = "networking.istio.io/v1";

    private IstioPolicies() {}

    /**
     * Documents per namespace (only namespaces with any), sorted by namespace then kind and name.
     */
    public static SortedMap<String, List<Map<String, Object>>> render(PolicyPlan plan) {
        SortedMap<String, List<Map<String, Object>>> out = new TreeMap<>();
        for (String namespace : plan.allowNothingNamespaces()) {
            Map<String, Object> doc =
                    Yaml.object(
                            API_VERSION, "AuthorizationPolicy", "tandem-allow-nothing", namespace);
            doc.put("spec", map());
            docs(out, namespace).add(doc);
        }
        for (L7Policy policy : plan.l7Policies()) {
            docs(out, policy.target().namespace()).add(authorizationPolicy(policy));
        }
        for (MtlsReadiness readiness : plan.mtls()) {
            if (readiness.strict()) {
                Map<String, Object> doc =
                        Yaml.object(
                                API_VERSION,
                                "PeerAuthentication",
                                Names.policyName("tandem-", readiness.target().workload()),
                                readiness.target().namespace());
                doc.put(
                        "spec",
                        map(
                                "selector",
                                matchLabels(readiness.target().selector()),
                                "mtls",
                                map("mode", "STRICT")));
                docs(out, readiness.target().namespace()).add(doc);
            }
        }
        for (ExternalService service : plan.externalServices()) {
            docs(out, service.namespace()).add(serviceEntry(service));
        }
        return out;
    }

    /**
     * A ServiceEntry visible in its own namespace only ({@code exportTo: ["."]}): the callers there
     * reach the name through the sidecar as a known service, resolved by DNS.
     */
    private static Map<String, Object> serviceEntry(ExternalService service) {
        List<Map<String, Object>> ports = new ArrayList<>();
        for (ServicePort port : service.ports()) {
            ports.add(
                    map(
                            "number", port.number(),
                            "name", port.name(),
                            "protocol", port.protocol()));
        }
        Map<String, Object> doc =
                Yaml.object(
                        NETWORKING_API_VERSION,
                        "ServiceEntry",
                        service.name(),
                        service.namespace());
        doc.put(
                "spec",
                map(
                        "hosts",
                        List.of(service.host()),
                        "exportTo",
                        List.of("."),
                        "location",
                        "MESH_EXTERNAL",
                        "ports",
                        ports,
                        "resolution",
                        "DNS"));
        return doc;
    }

    private static List<Map<String, Object>> docs(
            SortedMap<String, List<Map<String, Object>>> out, String namespace) {
        return out.computeIfAbsent(namespace, n -> new ArrayList<>());
    }

    private static Map<String, Object> authorizationPolicy(L7Policy policy) {
        List<Map<String, Object>> rules = new ArrayList<>();
        for (L7Rule rule : policy.rules()) {
            Map<String, Object> operation =
                    map(
                            "ports", List.of(Integer.toString(rule.port())),
                            "methods", rule.methods().isEmpty() ? null : rule.methods(),
                            "paths", rule.paths().isEmpty() ? null : rule.paths());
            rules.add(
                    map(
                            "from",
                                    List.of(
                                            map(
                                                    "source",
                                                    map("principals", List.of(rule.principal())))),
                            "to", List.of(map("operation", operation))));
        }
        Map<String, Object> doc =
                Yaml.object(
                        API_VERSION,
                        "AuthorizationPolicy",
                        policy.policyName(),
                        policy.target().namespace());
        doc.put(
                "spec",
                map(
                        "selector",
                        matchLabels(policy.target().selector()),
                        "action",
                        "ALLOW",
                        "rules",
                        rules));
        return doc;
    }

    private static Map<String, Object> matchLabels(Map<String, String> labels) {
        return map("matchLabels", new TreeMap<>(labels));
    }
}
