package dev.tandem.inventory.watch;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What the watcher watches and how.
 *
 * @param namespaces the namespaces whose pods and Services are watched (and the namespace objects
 *     themselves), sorted; empty for every namespace
 * @param resync how often the informers replay their cache; a replay re-sends only what a failed
 *     send left unpublished
 * @param startTimeout how long the first list of each kind may take before the watcher gives up
 */
public record WatchScope(List<String> namespaces, Duration resync, Duration startTimeout) {
    /** The default resync period. */
    public static final Duration DEFAULT_RESYNC = Duration.ofMinutes(10);

    /** The default start timeout: a list of 150 000 pods takes tens of seconds. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofMinutes(2);

    public WatchScope {
        namespaces = namespaces == null ? List.of() : List.copyOf(new TreeSet<>(namespaces));
        Objects.requireNonNull(resync, "resync");
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (resync.isNegative() || startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException(
                    "resync must not be negative and startTimeout must be positive");
        }
    }

    /** Every namespace, default periods. */
    public static WatchScope allNamespaces() {
        return new WatchScope(List.of(), DEFAULT_RESYNC, DEFAULT_START_TIMEOUT);
    }

    /** These namespaces only, default periods. */
    public static WatchScope of(List<String> namespaces) {
        return new WatchScope(namespaces, DEFAULT_RESYNC, DEFAULT_START_TIMEOUT);
    }

    /** True when the namespace is watched. */
    public boolean includes(String namespace) {
        return namespaces.isEmpty() || namespaces.contains(namespace);
    }

    /** How the scope reads in a log line. */
    String describe() {
        return namespaces.isEmpty() ? "all namespaces" : "namespaces " + namespaces;
    }
}
