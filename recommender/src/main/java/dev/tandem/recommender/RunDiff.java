package dev.tandem.recommender;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rules and edges added and removed since a previous run, by rule id and edge name.
 *
 * @param previous the previous run's directory as the user named it
 * @param added rule ids in this run only, sorted
 * @param removed rule ids in the previous run only, sorted
 * @param newEdges edges ({@link ObservedEdge#display()}) observed in this run only, sorted
 * @param removedEdges edges observed in the previous run only, sorted
 */
public record RunDiff(
        String previous,
        List<String> added,
        List<String> removed,
        List<String> newEdges,
        List<String> removedEdges) {

    /** The difference between a previous run and this one. */
    public static RunDiff between(
            String previous,
            Set<String> rulesBefore,
            Set<String> rulesNow,
            Set<String> edgesBefore,
            Set<String> edgesNow) {
        return new RunDiff(
                previous,
                minus(rulesNow, rulesBefore),
                minus(rulesBefore, rulesNow),
                minus(edgesNow, edgesBefore),
                minus(edgesBefore, edgesNow));
    }

    private static List<String> minus(Set<String> a, Set<String> b) {
        TreeSet<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return List.copyOf(out);
    }
}
