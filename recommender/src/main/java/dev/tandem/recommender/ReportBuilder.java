package dev.tandem.recommender;

import dev.tandem.ingest.model.Verdict;
import dev.tandem.recommender.PolicyPlan.L4Rule;
import dev.tandem.recommender.PolicyPlan.MtlsReadiness;
import dev.tandem.recommender.PolicyPlan.ReviewItem;
import dev.tandem.recommender.Report.Block;
import dev.tandem.recommender.Report.Paragraph;
import dev.tandem.recommender.Report.Section;
import dev.tandem.recommender.Report.Table;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the {@link Report} of a run from its plan, simulation and diff. Every table is bounded
 * ({@link ReportLimits}) with its most important rows first ({@link RowImportance}); the summary
 * counts everything.
 */
public final class ReportBuilder {
    private static final String NO_PREVIOUS =
            "No previous run to compare with: give --previous DIR (an earlier run's --out).";

    private ReportBuilder() {}

    public static Report build(
            RunInfo run, PolicyPlan plan, Simulation sim, RunDiff diff, String notice) {
        RowImportance importance = new RowImportance(plan, diff);
        List<Section> sections = new ArrayList<>();
        sections.add(summary(run, plan, sim, notice));
        sections.add(graph(plan));
        sections.add(needsReview(plan, importance));
        sections.add(
                edgeChanges(
                        "new-edges",
                        "New edges",
                        diff,
                        true,
                        "No edge is new since ",
                        plan,
                        importance));
        sections.add(
                edgeChanges(
                        "removed-edges",
                        "Removed edges",
                        diff,
                        false,
                        "No edge went away since ",
                        plan,
                        importance));
        sections.add(peerAuthentication(plan));
        sections.add(policyDiff(diff));
        sections.add(denied(plan, importance));
        sections.addAll(new NamespaceDetail(plan, importance).sections());
        sections.add(simulation(sim));
        return new Report("Tandem policy recommendation", sections);
    }

    private static Section summary(RunInfo run, PolicyPlan plan, Simulation sim, String notice) {
        List<Block> blocks = new ArrayList<>();
        if (notice != null) {
            blocks.add(new Paragraph(notice));
        }
        blocks.add(
                new Paragraph(
                        "Layered least-privilege policy from observed traffic: Calico and Kubernetes NetworkPolicy"
                                + " (L3/L4) and Istio AuthorizationPolicy / PeerAuthentication (L7), from the same"
                                + " evidence. Traffic judged a sidecar bypass is never allowed; denied traffic stays"
                                + " denied."));
        List<L4Rule> nodeRules = KubernetesPolicies.leftOut(plan);
        if (!nodeRules.isEmpty()) {
            blocks.add(new Paragraph(nodeRulesLeftOut(nodeRules)));
        }
        blocks.add(
                new Table(
                        List.of("", ""),
                        List.of(
                                List.of("Archive", run.archive()),
                                List.of("Lookback", run.lookback()),
                                List.of("Edge windows read", Long.toString(run.windowsRead())),
                                List.of("Archive files read", Long.toString(run.filesRead())),
                                List.of("Observed edges", Integer.toString(plan.edges().size())),
                                List.of(
                                        "Namespaces with policy",
                                        plan.namespaces().size()
                                                + (plan.namespaces().isEmpty() ? "" : ": ")
                                                + ReportLimits.names(
                                                        plan.namespaces(),
                                                        ReportLimits.NAMESPACE_NAMES)),
                                List.of(
                                        "L3/L4 allow rules",
                                        Integer.toString(plan.l4Rules().size())),
                                List.of(
                                        "Istio ALLOW policies",
                                        Integer.toString(plan.l7Policies().size())),
                                List.of(
                                        "Needs review",
                                        Integer.toString(plan.needsReview().size())),
                                List.of(
                                        "Of them sidecar bypasses",
                                        Long.toString(
                                                plan.needsReview().stream()
                                                        .filter(r -> r.edge().anyBypass())
                                                        .count())),
                                List.of(
                                        "Ready for PeerAuthentication STRICT",
                                        plan.mtls().stream().filter(MtlsReadiness::strict).count()
                                                + " of "
                                                + plan.mtls().size()
                                                + " meshed destinations"),
                                List.of(
                                        "Istio ServiceEntries (external names)",
                                        Integer.toString(plan.externalServices().size())),
                                List.of(
                                        "Denied (stays denied)",
                                        Integer.toString(plan.denied().size())),
                                List.of(
                                        "L3/L4 coverage of legitimate edges",
                                        percent(sim.l4Coverage())),
                                List.of("L7 coverage", percent(sim.l7Coverage())),
                                List.of(
                                        "Over-permitted workload x port pairs",
                                        Integer.toString(sim.overPermitted().size())),
                                List.of(
                                        "Calico policy kind",
                                        run.staged()
                                                ? "StagedNetworkPolicy (staged)"
                                                : "NetworkPolicy (enforced)"),
                                List.of("Istio trust domain", run.trustDomain()))));
        return new Section("summary", 2, "Summary", blocks);
    }

    /**
     * Why the Kubernetes policies allow less than the Calico ones: the evidence names nodes, and
     * that API can only name addresses. Said up front, since applying those policies would deny
     * observed traffic between a pod and any node but its own.
     */
    private static String nodeRulesLeftOut(List<L4Rule> rules) {
        List<String> described = rules.stream().map(KubernetesPolicies::describe).toList();
        return "The Kubernetes NetworkPolicies leave out "
                + rules.size()
                + (rules.size() == 1 ? " rule" : " rules")
                + " whose peer is a node, since that API names a node only by its address and the"
                + " evidence names it by its name; the Calico policies keep them. Kubernetes always"
                + " allows traffic between a pod and its own node (the kubelet's probes), but traffic"
                + " between a pod and another node is denied unless you add an ipBlock with that"
                + " node's address: "
                + ReportLimits.names(described, ReportLimits.NAMES_PER_CELL)
                + ".";
    }

    private static Section needsReview(PolicyPlan plan, RowImportance importance) {
        if (plan.needsReview().isEmpty()) {
            return new Section(
                    "needs-review",
                    2,
                    "Needs review",
                    List.of(new Paragraph("Nothing needs review.")));
        }
        List<List<String>> rows = new ArrayList<>();
        List<ReviewItem> items = new ArrayList<>(plan.needsReview());
        items.sort(Comparator.comparing(ReviewItem::edge, importance.edges()));
        for (ReviewItem item : cap(items)) {
            ObservedEdge e = item.edge();
            rows.add(
                    List.of(
                            item.reason().name(),
                            e.display(),
                            Long.toString(e.windows()),
                            e.firstSeen().toString(),
                            e.lastSeen().toString(),
                            confidence(e),
                            item.detail()));
        }
        List<Block> blocks = new ArrayList<>();
        blocks.add(
                new Paragraph(
                        "These edges were observed but not allowed. Sidecar bypasses (BYPASS_*) are never allowed automatically."));
        blocks.add(
                new Table(
                        List.of(
                                "Reason",
                                "Edge",
                                "Windows",
                                "First seen",
                                "Last seen",
                                "Confidence",
                                "Detail"),
                        rows));
        truncated(blocks, plan.needsReview().size());
        return new Section("needs-review", 2, "Needs review", blocks);
    }

    private static Section denied(PolicyPlan plan, RowImportance importance) {
        if (plan.denied().isEmpty()) {
            return new Section(
                    "denied",
                    2,
                    "Denied traffic",
                    List.of(new Paragraph("The kernel layer denied no observed edge.")));
        }
        List<List<String>> rows = new ArrayList<>();
        List<ObservedEdge> denied = new ArrayList<>(plan.denied());
        denied.sort(importance.edges());
        for (ObservedEdge e : cap(denied)) {
            rows.add(
                    List.of(
                            e.display(),
                            Long.toString(e.windowsWith(Verdict.DENIED)),
                            Long.toString(e.windows()),
                            e.firstSeen().toString(),
                            e.lastSeen().toString()));
        }
        List<Block> blocks = new ArrayList<>();
        blocks.add(
                new Paragraph("Edges the kernel layer denied stay denied: no rule allows them."));
        blocks.add(
                new Table(
                        List.of("Edge", "Denied windows", "Windows", "First seen", "Last seen"),
                        rows));
        truncated(blocks, plan.denied().size());
        return new Section("denied", 2, "Denied traffic", blocks);
    }

    private static Section peerAuthentication(PolicyPlan plan) {
        if (plan.mtls().isEmpty()) {
            return new Section(
                    "peer-authentication",
                    2,
                    "PeerAuthentication readiness",
                    List.of(new Paragraph("No meshed destination was observed.")));
        }
        // Not ready first, the most callers without mTLS first: that is the work to do.
        List<MtlsReadiness> readiness = new ArrayList<>(plan.mtls());
        readiness.sort(
                Comparator.comparing(MtlsReadiness::strict)
                        .thenComparing(
                                Comparator.comparingInt(
                                                (MtlsReadiness m) -> m.plaintextCallers().size())
                                        .reversed()));
        List<List<String>> rows = new ArrayList<>();
        for (MtlsReadiness m : cap(readiness)) {
            rows.add(
                    List.of(
                            m.target().namespace() + "/" + m.target().workload(),
                            m.strict() ? "ready: STRICT generated" : "not ready",
                            m.plaintextCallers().isEmpty()
                                    ? "-"
                                    : ReportLimits.names(
                                            m.plaintextCallers(), ReportLimits.NAMES_PER_CELL),
                            m.l7Withheld()
                                    ? "withheld: a caller has no mesh identity"
                                    : "generated"));
        }
        List<Block> blocks = new ArrayList<>();
        blocks.add(
                new Paragraph(
                        plan.mtls().stream().filter(MtlsReadiness::strict).count()
                                + " of "
                                + plan.mtls().size()
                                + " meshed destinations are ready. STRICT mTLS is generated only where every observed caller already used mTLS; otherwise the callers seen without mTLS (plaintext, or no mTLS evidence) are named."));
        blocks.add(
                new Table(
                        List.of(
                                "Destination",
                                "STRICT",
                                "Callers without mTLS",
                                "Istio ALLOW policy"),
                        rows));
        truncated(blocks, rows.size(), plan.mtls().size());
        return new Section("peer-authentication", 2, "PeerAuthentication readiness", blocks);
    }

    private static Section policyDiff(RunDiff diff) {
        if (diff == null) {
            return new Section(
                    "policy-diff",
                    2,
                    "Policy changes since the previous run",
                    List.of(new Paragraph(NO_PREVIOUS)));
        }
        List<List<String>> rows = new ArrayList<>();
        diff.added().forEach(id -> rows.add(List.of("added", id)));
        diff.removed().forEach(id -> rows.add(List.of("removed", id)));
        List<Block> blocks = new ArrayList<>();
        blocks.add(
                new Paragraph(
                        diff.added().size()
                                + " rules added, "
                                + diff.removed().size()
                                + " removed since "
                                + diff.previous()
                                + "."));
        if (!rows.isEmpty()) {
            blocks.add(new Table(List.of("Change", "Rule"), cap(rows)));
            truncated(blocks, rows.size());
        }
        return new Section("policy-diff", 2, "Policy changes since the previous run", blocks);
    }

    private static Section edgeChanges(
            String id,
            String title,
            RunDiff diff,
            boolean added,
            String none,
            PolicyPlan plan,
            RowImportance importance) {
        if (diff == null) {
            return new Section(id, 2, title, List.of(new Paragraph(NO_PREVIOUS)));
        }
        List<String> edges = added ? diff.newEdges() : diff.removedEdges();
        if (edges.isEmpty()) {
            return new Section(id, 2, title, List.of(new Paragraph(none + diff.previous() + ".")));
        }
        List<List<String>> rows = new ArrayList<>();
        if (added) {
            // A new edge is in this run's plan: the alarming and the busiest first.
            Map<String, ObservedEdge> byName = new HashMap<>();
            plan.edges().forEach(e -> byName.put(e.display(), e));
            List<ObservedEdge> known = new ArrayList<>();
            List<String> unknown = new ArrayList<>();
            for (String name : edges) {
                ObservedEdge e = byName.get(name);
                if (e == null) {
                    unknown.add(name);
                } else {
                    known.add(e);
                }
            }
            known.sort(importance.edges());
            known.forEach(e -> rows.add(List.of(e.display(), verdicts(e))));
            unknown.forEach(name -> rows.add(List.of(name, "")));
        } else {
            edges.forEach(name -> rows.add(List.of(name)));
        }
        List<Block> blocks = new ArrayList<>();
        blocks.add(
                new Paragraph(
                        edges.size()
                                + (added ? " edges observed now that " : " edges observed by ")
                                + diff.previous()
                                + (added ? " did not observe." : " and not now.")));
        blocks.add(new Table(added ? List.of("Edge", "Verdicts") : List.of("Edge"), cap(rows)));
        truncated(blocks, rows.size());
        return new Section(id, 2, title, blocks);
    }

    private static Section graph(PolicyPlan plan) {
        ServiceGraphSvg.Picture picture = ServiceGraphSvg.draw(plan.edges());
        long bypass = plan.edges().stream().filter(ObservedEdge::anyBypass).count();
        String shown =
                picture.nodesDrawn() == picture.nodesTotal()
                        ? "All "
                                + picture.nodesTotal()
                                + " endpoints are drawn, workloads framed by their "
                                + picture.namespacesDrawn()
                                + " namespaces."
                        : picture.nodesDrawn()
                                + " of "
                                + picture.nodesTotal()
                                + " endpoints and "
                                + picture.pairsDrawn()
                                + " of "
                                + picture.pairsTotal()
                                + " connections are drawn (both ends of bypass and denied edges first, then the busiest workloads, then at most "
                                + ServiceGraphSvg.MAX_OUTSIDE
                                + " peers outside the cluster), workloads framed by their "
                                + picture.namespacesDrawn()
                                + " namespaces; "
                                + (picture.nodesTotal() - picture.nodesDrawn())
                                + " endpoints are left out of the picture and listed in the tables below"
                                + (picture.bypassEdgesDrawn() < picture.bypassEdgesTotal()
                                        ? ", among them "
                                                + (picture.bypassEdgesTotal()
                                                        - picture.bypassEdgesDrawn())
                                                + " bypass connections."
                                        : ".");
        String alternative =
                "Service graph of "
                        + plan.edges().size()
                        + " observed edges, "
                        + bypass
                        + " of them sidecar bypasses (red, dashed). "
                        + shown;
        List<Block> blocks = new ArrayList<>();
        if (plan.edges().isEmpty()) {
            blocks.add(new Paragraph("No edge was observed: there is nothing to draw."));
        } else {
            blocks.add(new Report.Graph(picture.svg(), alternative));
            blocks.add(
                    new Paragraph(
                            "Each namespace is a labelled frame; callers on the left, callees to the right, hosts and peers outside the cluster outside every frame. Hover a frame, a box or an arrow for its full name and edges."));
        }
        return new Section("graph", 2, "Service graph", blocks);
    }

    private static Section simulation(Simulation sim) {
        List<Block> blocks = new ArrayList<>();
        blocks.add(
                new Paragraph(
                        "Replaying the observed edges against the generated policies: L3/L4 allow "
                                + percent(sim.l4Coverage())
                                + " of "
                                + sim.legitimateEdges()
                                + " legitimate edges; Istio allows "
                                + percent(sim.l7Coverage())
                                + " of "
                                + sim.l7Edges()
                                + " edges into meshed destinations. The ingress rules allow "
                                + sim.allowedPairs()
                                + " workload x port pairs, "
                                + sim.overPermitted().size()
                                + " of them never observed."));
        List<List<String>> rows = new ArrayList<>();
        sim.uncoveredL4().forEach(e -> rows.add(List.of("blocked at L3/L4", e)));
        sim.uncoveredL7().forEach(e -> rows.add(List.of("blocked at L7", e)));
        sim.overPermitted().forEach(e -> rows.add(List.of("allowed, never observed", e)));
        if (!rows.isEmpty()) {
            blocks.add(new Table(List.of("Finding", "Edge"), cap(rows)));
            truncated(blocks, rows.size());
        }
        return new Section("simulation", 2, "Simulation", blocks);
    }

    private static <T> List<T> cap(List<T> rows) {
        return rows.size() <= ReportLimits.SECTION_ROWS
                ? rows
                : rows.subList(0, ReportLimits.SECTION_ROWS);
    }

    private static void truncated(List<Block> blocks, int total) {
        truncated(blocks, Math.min(total, ReportLimits.SECTION_ROWS), total);
    }

    static void truncated(List<Block> blocks, int shown, int total) {
        if (shown < total) {
            blocks.add(new Paragraph(ReportLimits.moreRows(shown, total)));
        }
    }

    /** Windows per verdict, by verdict name: {@code BYPASS_INGRESS 3, MEDIATED 40}. */
    private static String verdicts(ObservedEdge e) {
        List<String> parts = new ArrayList<>();
        e.verdicts().forEach((verdict, windows) -> parts.add(verdict + " " + windows));
        return String.join(", ", parts);
    }

    static String confidence(ObservedEdge e) {
        return String.format(Locale.ROOT, "%.2f", e.minConfidence());
    }

    private static String percent(double share) {
        return String.format(Locale.ROOT, "%.1f %%", share * 100);
    }
}
