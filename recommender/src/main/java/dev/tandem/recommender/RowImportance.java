package dev.tandem.recommender;

import dev.tandem.ingest.model.Verdict;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which rows of a cut table a security engineer needs first: an edge that bypassed the sidecar,
 * then one the kernel denied, then one waiting for review, then one new since the previous run;
 * within each, the busiest first, then by name so the order is stable.
 */
final class RowImportance {
    private final Set<String> review = new HashSet<>();
    private final Set<String> fresh = new HashSet<>();

    RowImportance(PolicyPlan plan, RunDiff diff) {
        plan.needsReview().forEach(item -> review.add(item.edge().display()));
        if (diff != null) {
            fresh.addAll(diff.newEdges());
        }
    }

    /** 0 bypass, 1 denied, 2 needs review, 3 new since the previous run, 4 the rest. */
    int tier(ObservedEdge e) {
        if (e.anyBypass()) {
            return 0;
        }
        if (e.windowsWith(Verdict.DENIED) > 0) {
            return 1;
        }
        String name = e.display();
        if (review.contains(name)) {
            return 2;
        }
        return fresh.contains(name) ? 3 : 4;
    }

    boolean isNew(String edge) {
        return fresh.contains(edge);
    }

    static long traffic(ObservedEdge e) {
        return e.kernelFlows() + e.proxyRequests() + e.windows();
    }

    /** Most important first. */
    Comparator<ObservedEdge> edges() {
        return Comparator.comparingInt(this::tier)
                .thenComparing((ObservedEdge e) -> !isNew(e.display()))
                .thenComparing(Comparator.comparingLong(RowImportance::traffic).reversed())
                .thenComparing(ObservedEdge::display);
    }

    /** Most important first, for rows that stand for several edges (an L7 rule, a ServiceEntry). */
    Comparator<List<ObservedEdge>> groups() {
        return Comparator.comparingInt(
                        (List<ObservedEdge> g) ->
                                g.stream().mapToInt(this::tier).min().orElse(Integer.MAX_VALUE))
                .thenComparing(
                        Comparator.comparingLong(
                                        (List<ObservedEdge> g) ->
                                                g.stream().mapToLong(RowImportance::traffic).sum())
                                .reversed());
    }
}
