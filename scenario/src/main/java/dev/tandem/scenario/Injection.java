package dev.tandem.scenario;

import dev.tandem.ingest.model.Verdict;
import java.time.Instant;
import java.util.List;

/**
 * An anomaly the scenario plants, and the verdict the correlate job should reach on its edge in
 * each of its windows.
 *
 * @param verdict the expected verdict
 * @param sourceNamespace the source workload's namespace
 * @param sourceWorkload the source workload
 * @param destinationNamespace the destination's namespace, or null for an address outside the
 *     cluster
 * @param destinationWorkload the destination workload, or the external address
 * @param port the destination port
 * @param protocol {@code tcp} or {@code udp}
 * @param windows the starts of the 5-minute windows it happens in, sorted
 * @param story what happened, in a sentence
 */
public record Injection(
        Verdict verdict,
        String sourceNamespace,
        String sourceWorkload,
        String destinationNamespace,
        String destinationWorkload,
        int port,
        String protocol,
        List<Instant> windows,
        String story) {
    public Injection {
        windows = List.copyOf(windows);
    }

    /** {@code ns/workload -> ns/workload:port}, with no namespace for an external peer. */
    public String edge() {
        return sourceNamespace
                + "/"
                + sourceWorkload
                + " -> "
                + (destinationNamespace == null ? "" : destinationNamespace + "/")
                + destinationWorkload
                + ":"
                + port;
    }
}
