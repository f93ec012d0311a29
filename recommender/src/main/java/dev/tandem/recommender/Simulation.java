package dev.tandem.recommender;

import java.util.List;

/**
 * What the recommended policy would do to the observed traffic.
 *
 * @param legitimateEdges observed edges that should keep working (not bypass, not denied)
 * @param uncoveredL4 legitimate edges the L3/L4 policies would block, by display name, sorted
 * @param l7Edges legitimate edges into destinations with an Istio ALLOW policy
 * @param uncoveredL7 of those, the ones the Istio policies would block, sorted
 * @param allowedPairs workload x port pairs the L3/L4 ingress rules allow
 * @param overPermitted allowed pairs never observed, sorted: selectors broader than the evidence
 */
public record Simulation(
        int legitimateEdges,
        List<String> uncoveredL4,
        int l7Edges,
        List<String> uncoveredL7,
        int allowedPairs,
        List<String> overPermitted) {

    /** Share of legitimate edges the L3/L4 policies allow, from 0 to 1 (1 when there are none). */
    public double l4Coverage() {
        return legitimateEdges == 0 ? 1 : 1 - (double) uncoveredL4.size() / legitimateEdges;
    }

    /** Share of L7-governed edges the Istio policies allow, from 0 to 1. */
    public double l7Coverage() {
        return l7Edges == 0 ? 1 : 1 - (double) uncoveredL7.size() / l7Edges;
    }
}
