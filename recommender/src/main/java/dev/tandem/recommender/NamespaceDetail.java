package dev.tandem.recommender;

import dev.tandem.recommender.PolicyPlan.ExternalService;
import dev.tandem.recommender.PolicyPlan.L4Rule;
import dev.tandem.recommender.PolicyPlan.L7Policy;
import dev.tandem.recommender.PolicyPlan.L7Rule;
import dev.tandem.recommender.Report.Block;
import dev.tandem.recommender.Report.Paragraph;
import dev.tandem.recommender.Report.Section;
import dev.tandem.recommender.Report.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The report's per-namespace detail: an overview section, then one section per namespace with its
 * L3/L4 rules, Istio rules and ServiceEntries. Bounded by {@link ReportLimits}: the namespaces with
 * the most alarming edges get sections first, and the rows are shared out fairly, so a cluster of
 * 10,000 workloads still gives a report one can scroll.
 */
final class NamespaceDetail {
    private static final List<String> L4_HEADERS =
            List.of(
                    "Policy",
                    "Direction",
                    "Peer",
                    "Port",
                    "Windows",
                    "Kernel flows",
                    "First seen",
                    "Last seen",
                    "Confidence");
    private static final List<String> L7_HEADERS =
            List.of("Istio policy", "Principal", "Port", "Methods", "Paths", "Proxy requests");
    private static final List<String> EXTERNAL_HEADERS =
            List.of("Istio ServiceEntry", "Host", "Ports", "Edges");

    private final PolicyPlan plan;
    private final RowImportance importance;
    private final TreeMap<String, Namespace> namespaces = new TreeMap<>();

    /** One namespace's rows before they are cut, each list most important first. */
    private static final class Namespace {
        final List<L4Rule> l4 = new ArrayList<>();
        final List<L7Row> l7 = new ArrayList<>();
        final List<ExternalService> external = new ArrayList<>();
        int bestTier = Integer.MAX_VALUE;
        long traffic;

        int rows() {
            return l4.size() + l7.size() + external.size();
        }
    }

    /** An Istio rule with the policy it belongs to. */
    private record L7Row(L7Policy policy, L7Rule rule) {}

    NamespaceDetail(PolicyPlan plan, RowImportance importance) {
        this.plan = plan;
        this.importance = importance;
        for (String name : plan.namespaces()) {
            namespaces.put(name, new Namespace());
        }
        for (L4Rule r : plan.l4Rules()) {
            Namespace ns = of(r.target().namespace());
            ns.l4.add(r);
            weigh(ns, List.of(r.edge()));
        }
        for (L7Policy p : plan.l7Policies()) {
            Namespace ns = of(p.target().namespace());
            for (L7Rule r : p.rules()) {
                ns.l7.add(new L7Row(p, r));
                weigh(ns, r.edges());
            }
        }
        for (ExternalService service : plan.externalServices()) {
            Namespace ns = of(service.namespace());
            ns.external.add(service);
            weigh(ns, service.edges());
        }
        for (Namespace ns : namespaces.values()) {
            ns.l4.sort(Comparator.comparing(L4Rule::edge, importance.edges()));
            ns.l7.sort(Comparator.comparing(row -> row.rule().edges(), importance.groups()));
            ns.external.sort(Comparator.comparing(ExternalService::edges, importance.groups()));
        }
    }

    /** The namespace's rows; a namespace without policy has no section, so they go nowhere. */
    private Namespace of(String name) {
        Namespace ns = namespaces.get(name);
        return ns != null ? ns : new Namespace();
    }

    private void weigh(Namespace ns, List<ObservedEdge> edges) {
        for (ObservedEdge e : edges) {
            ns.bestTier = Math.min(ns.bestTier, importance.tier(e));
            ns.traffic += RowImportance.traffic(e);
        }
    }

    /** The overview, then the detailed namespaces in name order. */
    List<Section> sections() {
        List<String> detailed = detailed();
        List<Section> out = new ArrayList<>();
        out.add(overview(detailed));
        int[] wants = new int[detailed.size()];
        for (int i = 0; i < wants.length; i++) {
            wants[i] =
                    Math.min(ReportLimits.NAMESPACE_ROWS, namespaces.get(detailed.get(i)).rows());
        }
        int[] rows = ReportLimits.share(ReportLimits.SECTION_ROWS, wants);
        for (int i = 0; i < detailed.size(); i++) {
            out.add(namespace(detailed.get(i), rows[i]));
        }
        return out;
    }

    /** The namespaces with sections: the most alarming and busiest, listed by name. */
    private List<String> detailed() {
        List<String> names = new ArrayList<>(namespaces.keySet());
        if (names.size() > ReportLimits.NAMESPACE_SECTIONS) {
            names.sort(
                    Comparator.comparingInt((String n) -> namespaces.get(n).bestTier)
                            .thenComparing(
                                    Comparator.comparingLong(
                                                    (String n) -> namespaces.get(n).traffic)
                                            .reversed())
                            .thenComparing(Comparator.naturalOrder()));
            names =
                    new ArrayList<>(
                            new TreeSet<>(names.subList(0, ReportLimits.NAMESPACE_SECTIONS)));
        }
        return names;
    }

    private Section overview(List<String> detailed) {
        List<Block> blocks = new ArrayList<>();
        if (plan.namespaces().isEmpty()) {
            blocks.add(new Paragraph("No namespace gets policy."));
        } else {
            blocks.add(
                    new Paragraph(
                            plan.namespaces().size()
                                    + " namespaces get a default deny and allow rules: "
                                    + ReportLimits.names(
                                            plan.namespaces(), ReportLimits.NAMESPACE_NAMES)
                                    + "."));
        }
        if (detailed.size() < namespaces.size()) {
            blocks.add(
                    new Paragraph(
                            detailed.size()
                                    + " of "
                                    + namespaces.size()
                                    + " namespaces are detailed below (those with sidecar bypasses, denied"
                                    + " or reviewed edges first, then the busiest); the other "
                                    + (namespaces.size() - detailed.size())
                                    + " are in recommendations.json."));
        }
        int rows = namespaces.values().stream().mapToInt(Namespace::rows).sum();
        if (rows > ReportLimits.SECTION_ROWS) {
            blocks.add(
                    new Paragraph(
                            "The namespaces' tables have "
                                    + rows
                                    + " rows; at most "
                                    + ReportLimits.NAMESPACE_ROWS
                                    + " per namespace and "
                                    + ReportLimits.SECTION_ROWS
                                    + " in all are listed, shared fairly between namespaces."));
        }
        return new Section("namespaces", 2, "Per-namespace detail", blocks);
    }

    private Section namespace(String name, int budget) {
        Namespace ns = namespaces.get(name);
        int[] rows =
                ReportLimits.share(
                        budget, new int[] {ns.l4.size(), ns.l7.size(), ns.external.size()});
        List<Block> blocks = new ArrayList<>();
        blocks.add(
                new Paragraph(
                        "Default deny for ingress and egress, DNS to kube-dns allowed, plus "
                                + ns.l4.size()
                                + " L3/L4 allow rules."));
        if (!ns.l4.isEmpty()) {
            List<List<String>> l4 = new ArrayList<>();
            ns.l4.subList(0, rows[0]).forEach(r -> l4.add(l4Row(r)));
            table(blocks, L4_HEADERS, l4, ns.l4.size());
        }
        if (!ns.l7.isEmpty()) {
            List<List<String>> l7 = new ArrayList<>();
            ns.l7.subList(0, rows[1]).forEach(r -> l7.add(l7Row(r)));
            table(blocks, L7_HEADERS, l7, ns.l7.size());
        }
        if (!ns.external.isEmpty()) {
            List<List<String>> external = new ArrayList<>();
            ns.external.subList(0, rows[2]).forEach(s -> external.add(externalRow(s)));
            table(blocks, EXTERNAL_HEADERS, external, ns.external.size());
        }
        return new Section("namespace-" + name, 3, "Namespace " + name, blocks);
    }

    /** A table of the rows that made the cut (none: only the line saying how many are left). */
    private static void table(
            List<Block> blocks, List<String> headers, List<List<String>> rows, int total) {
        if (!rows.isEmpty()) {
            blocks.add(new Table(headers, rows));
        }
        ReportBuilder.truncated(blocks, rows.size(), total);
    }

    private static List<String> l4Row(L4Rule r) {
        ObservedEdge e = r.edge();
        return List.of(
                r.policyName(),
                r.direction().name().toLowerCase(Locale.ROOT),
                r.peer().domains().isEmpty()
                        ? r.peer().display()
                        : r.peer().display()
                                + " ("
                                + ReportLimits.names(
                                        r.peer().domains(), ReportLimits.NAMES_PER_CELL)
                                + ")",
                r.protocol() + "/" + r.port(),
                Long.toString(e.windows()),
                Long.toString(e.kernelFlows()),
                e.firstSeen().toString(),
                e.lastSeen().toString(),
                ReportBuilder.confidence(e));
    }

    private static List<String> l7Row(L7Row row) {
        L7Rule r = row.rule();
        long requests = r.edges().stream().mapToLong(ObservedEdge::proxyRequests).sum();
        return List.of(
                row.policy().policyName(),
                r.principal(),
                Integer.toString(r.port()),
                join(r.methods()),
                join(r.paths()) + (row.policy().pathsGeneralized() ? " (generalized)" : ""),
                Long.toString(requests));
    }

    private static List<String> externalRow(ExternalService service) {
        List<String> ports = new ArrayList<>();
        service.ports().forEach(p -> ports.add(p.protocol() + "/" + p.number()));
        return List.of(
                service.name(),
                service.host(),
                ReportLimits.names(ports, ReportLimits.NAMES_PER_CELL),
                Integer.toString(service.edges().size()));
    }

    private static String join(List<String> values) {
        return values.isEmpty() ? "any" : ReportLimits.names(values, ReportLimits.NAMES_PER_CELL);
    }
}
