package dev.tandem.recommender;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Rules added and removed since a previous run, by rule id.
 *
 * @param previous the previous run's directory as the user named it
 * @param added ids in this run only, sorted
 * @param removed ids in the previous run only, sorted
 */
public record RunDiff(String previous, List<String> added, List<String> removed) {

    /** The difference between {@code before} and {@code now}. */
    public static RunDiff between(String previous, Set<String> before, Set<String> now) {
        TreeSet<String> added = new TreeSet<>(now);
        added.removeAll(before);
        TreeSet<String> removed = new TreeSet<>(before);
        removed.removeAll(now);
        return new RunDiff(previous, List.copyOf(added), List.copyOf(removed));
    }
}
