package dev.tandem.recommender;

import static dev.tandem.recommender.Yaml.map;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.recommender.PolicyPlan.ExternalService;
import dev.tandem.recommender.PolicyPlan.L4Rule;
import dev.tandem.recommender.PolicyPlan.L7Policy;
import dev.tandem.recommender.PolicyPlan.L7Rule;
import dev.tandem.recommender.PolicyPlan.MtlsReadiness;
import dev.tandem.recommender.PolicyPlan.ReviewItem;
import dev.tandem.recommender.PolicyPlan.Target;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * {@code recommendations.json}: every rule with the evidence behind it, every refusal with its
 * reason, the simulation and the diff. Scripts read it; the next run diffs against its rule ids.
 */
public final class RecommendationsJson {
    /** Paths listed per edge: the count says how many there were. */
    static final int PATHS_LISTED = 50;

    private static final ObjectMapper MAPPER =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RecommendationsJson() {}

    /** The document, as pretty-printed JSON with a final newline. */
    public static String render(RunInfo run, PolicyPlan plan, Simulation simulation, RunDiff diff) {
        StringWriter out = new StringWriter();
        try {
            write(out, run, plan, simulation, diff);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Writes the document {@link #render} returns to {@code out}, streaming: with tens of thousands
     * of edges the document is hundreds of megabytes, too large to hold as a string.
     */
    public static void write(
            Writer out, RunInfo run, PolicyPlan plan, Simulation simulation, RunDiff diff)
            throws IOException {
        MAPPER.writer()
                .without(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
                .writeValue(out, document(run, plan, simulation, diff));
        out.write("\n");
    }

    private static Map<String, Object> document(
            RunInfo run, PolicyPlan plan, Simulation simulation, RunDiff diff) {
        List<Supplier<Object>> rules = new ArrayList<>();
        for (L4Rule rule : plan.l4Rules()) {
            rules.add(
                    () ->
                            map(
                                    "id", rule.id(),
                                    "layer", "L3/L4",
                                    "namespace", rule.target().namespace(),
                                    "policy", rule.policyName(),
                                    "direction",
                                            rule.direction()
                                                    .name()
                                                    .toLowerCase(java.util.Locale.ROOT),
                                    "target", target(rule.target()),
                                    "peer", rule.peer().display(),
                                    "domains",
                                            rule.peer().domains().isEmpty()
                                                    ? null
                                                    : rule.peer().domains(),
                                    "protocol", rule.protocol(),
                                    "port", rule.port(),
                                    "evidence", List.of(evidence(rule.edge()))));
        }
        for (L7Policy policy : plan.l7Policies()) {
            for (L7Rule rule : policy.rules()) {
                rules.add(
                        () ->
                                map(
                                        "id", policy.id(rule),
                                        "layer", "L7",
                                        "namespace", policy.target().namespace(),
                                        "policy", policy.policyName(),
                                        "target", target(policy.target()),
                                        "principal", rule.principal(),
                                        "port", rule.port(),
                                        "methods", rule.methods(),
                                        "paths", rule.paths(),
                                        "pathsGeneralized", policy.pathsGeneralized(),
                                        "evidence", evidenceOf(rule.edges())));
            }
        }
        List<Supplier<Object>> serviceEntries = new ArrayList<>();
        for (ExternalService service : plan.externalServices()) {
            serviceEntries.add(
                    () -> {
                        List<Object> ports = new ArrayList<>();
                        service.ports()
                                .forEach(
                                        p ->
                                                ports.add(
                                                        map(
                                                                "number",
                                                                p.number(),
                                                                "protocol",
                                                                p.protocol())));
                        return map(
                                "id",
                                "serviceentry/" + service.namespace() + "/" + service.host(),
                                "layer",
                                "L7",
                                "namespace",
                                service.namespace(),
                                "name",
                                service.name(),
                                "host",
                                service.host(),
                                "ports",
                                ports,
                                "evidence",
                                evidenceOf(service.edges()));
                    });
        }
        List<Supplier<Object>> review = new ArrayList<>();
        for (ReviewItem item : plan.needsReview()) {
            review.add(
                    () ->
                            map(
                                    "reason",
                                    item.reason().name(),
                                    "detail",
                                    item.detail(),
                                    "evidence",
                                    evidence(item.edge())));
        }
        List<Supplier<Object>> denied = new ArrayList<>();
        plan.denied().forEach(e -> denied.add(() -> evidence(e)));
        List<Object> mtls = new ArrayList<>();
        for (MtlsReadiness m : plan.mtls()) {
            mtls.add(
                    map(
                            "target", target(m.target()),
                            "strictReady", m.strict(),
                            "plaintextCallers", m.plaintextCallers(),
                            "l7PolicyWithheld", m.l7Withheld()));
        }
        Map<String, Object> doc =
                map(
                        "run",
                        map(
                                "archive", run.archive(),
                                "lookback", run.lookback(),
                                "windowsRead", run.windowsRead(),
                                "filesRead", run.filesRead(),
                                "trustDomain", run.trustDomain(),
                                "calicoStaged", run.staged()),
                        "summary",
                        map(
                                "edges", plan.edges().size(),
                                "namespaces", plan.namespaces(),
                                "l4Rules", plan.l4Rules().size(),
                                "l7Policies", plan.l7Policies().size(),
                                "needsReview", plan.needsReview().size(),
                                "denied", plan.denied().size(),
                                "serviceEntries", plan.externalServices().size()),
                        "rules",
                        lazy(rules),
                        "serviceEntries",
                        lazy(serviceEntries),
                        "needsReview",
                        lazy(review),
                        "denied",
                        lazy(denied),
                        "peerAuthentication",
                        mtls,
                        "simulation",
                        map(
                                "legitimateEdges", simulation.legitimateEdges(),
                                "l4Coverage", simulation.l4Coverage(),
                                "uncoveredL4", simulation.uncoveredL4(),
                                "l7Edges", simulation.l7Edges(),
                                "l7Coverage", simulation.l7Coverage(),
                                "uncoveredL7", simulation.uncoveredL7(),
                                "allowedPairs", simulation.allowedPairs(),
                                "overPermitted", simulation.overPermitted()),
                        "diff",
                        diff == null
                                ? null
                                : map(
                                        "previous",
                                        diff.previous(),
                                        "added",
                                        diff.added(),
                                        "removed",
                                        diff.removed(),
                                        "newEdges",
                                        diff.newEdges(),
                                        "removedEdges",
                                        diff.removedEdges()),
                        "observedEdges",
                        List.copyOf(edgeNames(plan)));
        return doc;
    }

    /**
     * What a previous run recommended and observed.
     *
     * @param ruleIds its rule ids, sorted
     * @param edges the edges it observed, sorted; from the rules' evidence when the file predates
     *     {@code observedEdges}
     */
    public record PreviousRun(TreeSet<String> ruleIds, TreeSet<String> edges) {}

    /** A previous run's {@code recommendations.json}. */
    public static PreviousRun previousRun(Path file) throws IOException {
        JsonNode root = MAPPER.readTree(Files.readAllBytes(file));
        JsonNode rules = root == null ? null : root.get("rules");
        if (rules == null || !rules.isArray()) {
            throw new IOException(
                    file + " has no \"rules\" array: not a Tandem recommendations.json");
        }
        TreeSet<String> ids = new TreeSet<>();
        TreeSet<String> edges = new TreeSet<>();
        for (JsonNode rule : rules) {
            JsonNode id = rule.get("id");
            if (id != null && id.isTextual()) {
                ids.add(id.asText());
            }
            for (JsonNode evidence : rule.path("evidence")) {
                addText(edges, evidence.get("edge"));
            }
        }
        JsonNode observed = root.get("observedEdges");
        if (observed != null && observed.isArray()) {
            edges.clear();
            observed.forEach(e -> addText(edges, e));
        } else {
            root.path("needsReview").forEach(r -> addText(edges, r.path("evidence").get("edge")));
            root.path("denied").forEach(d -> addText(edges, d.get("edge")));
        }
        return new PreviousRun(ids, edges);
    }

    /** The rule ids of a previous run's {@code recommendations.json}, sorted. */
    public static TreeSet<String> ruleIds(Path file) throws IOException {
        return previousRun(file).ruleIds();
    }

    /** Every edge of the plan by name, as {@link #previousRun} reads them back. */
    public static TreeSet<String> edgeNames(PolicyPlan plan) {
        TreeSet<String> names = new TreeSet<>();
        plan.edges().forEach(e -> names.add(e.display()));
        return names;
    }

    private static void addText(TreeSet<String> into, JsonNode node) {
        if (node != null && node.isTextual()) {
            into.add(node.asText());
        }
    }

    /** Every id of the current plan, as {@link #ruleIds} would read them back. */
    public static TreeSet<String> ruleIds(PolicyPlan plan) {
        TreeSet<String> ids = new TreeSet<>();
        plan.l4Rules().forEach(r -> ids.add(r.id()));
        for (L7Policy policy : plan.l7Policies()) {
            policy.rules().forEach(r -> ids.add(policy.id(r)));
        }
        return ids;
    }

    /**
     * A list whose elements are built as the serializer reaches them and dropped right after, so
     * the whole document never sits in memory at once: with tens of thousands of rules, each with
     * its evidence, it would take hundreds of megabytes.
     */
    private static List<Object> lazy(List<Supplier<Object>> elements) {
        return new AbstractList<>() {
            @Override
            public Object get(int index) {
                return elements.get(index).get();
            }

            @Override
            public int size() {
                return elements.size();
            }
        };
    }

    private static List<Object> evidenceOf(List<ObservedEdge> edges) {
        List<Object> evidence = new ArrayList<>();
        edges.forEach(e -> evidence.add(evidence(e)));
        return evidence;
    }

    private static Map<String, Object> target(Target target) {
        return map("workload", target.workload(), "selector", new TreeMap<>(target.selector()));
    }

    static Map<String, Object> evidence(ObservedEdge e) {
        List<String> paths = new ArrayList<>(e.paths().keySet());
        return map(
                "edge", e.display(),
                "source", endpoint(e.source()),
                "destination", endpoint(e.destination()),
                "port", e.port(),
                "protocol", e.protocol(),
                "windows", e.windows(),
                "verdicts", e.verdicts(),
                "firstSeen", e.firstSeen().toString(),
                "lastSeen", e.lastSeen().toString(),
                "confidence", e.minConfidence(),
                "kernelFlows", e.kernelFlows(),
                "connections", e.connections(),
                "bytes", e.bytes(),
                "proxyRequests", e.proxyRequests(),
                "mutualTlsRequests", e.mutualTlsRequests(),
                "plaintextRequests", e.plaintextRequests(),
                "methods", e.methods(),
                "authorities", e.authorities().isEmpty() ? null : e.authorities(),
                "distinctPaths", paths.size(),
                "paths", paths.subList(0, Math.min(PATHS_LISTED, paths.size())),
                "unsafePaths", e.unsafePaths().isEmpty() ? null : unsafePaths(e));
    }

    /** The held-back paths as shown (escaped, cut), each with its hazard and request count. */
    private static List<Object> unsafePaths(ObservedEdge e) {
        List<Object> out = new ArrayList<>();
        e.unsafePaths()
                .forEach(
                        (path, requests) ->
                                out.add(
                                        map(
                                                "path", path.shown(),
                                                "hazard", path.hazard().name(),
                                                "requests", requests)));
        return out;
    }

    private static Map<String, Object> endpoint(EndpointRef ref) {
        Map<String, Object> out =
                map(
                        "namespace", ref.namespace(),
                        "workload", ref.workload(),
                        "kind", ref.kind().jsonName(),
                        "meshed", ref.meshed(),
                        "serviceAccount", ref.serviceAccount(),
                        "labels", ref.labels().asMap());
        return out;
    }
}
