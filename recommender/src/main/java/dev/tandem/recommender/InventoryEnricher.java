package dev.tandem.recommender;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.InventorySnapshot;
import dev.tandem.ingest.model.PodRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Fills in what an edge window did not know about a workload from a Kubernetes inventory: its
 * labels (needed for selectors) and its service account (needed for Istio principals). It never
 * overrides what the evidence said, and never changes mesh membership: that was the correlate job's
 * judgement, and the verdict depends on it.
 */
public final class InventoryEnricher implements UnaryOperator<EdgeWindow> {
    private record Key(String namespace, String workload) {}

    private final Map<Key, PodRecord> latestPod = new HashMap<>();

    public InventoryEnricher(InventorySnapshot snapshot) {
        for (PodRecord pod : snapshot.pods()) {
            Key key = new Key(pod.namespace(), pod.workload());
            PodRecord known = latestPod.get(key);
            // The newest pod describes the workload as it is now.
            if (known == null
                    || start(pod).isAfter(start(known))
                    || (start(pod).equals(start(known))
                            && pod.name().compareTo(known.name()) > 0)) {
                latestPod.put(key, pod);
            }
        }
    }

    @Override
    public EdgeWindow apply(EdgeWindow w) {
        EndpointRef source = enrich(w.source());
        EndpointRef destination = enrich(w.destination());
        if (source == w.source() && destination == w.destination()) {
            return w;
        }
        return new EdgeWindow(
                source,
                destination,
                w.port(),
                w.protocol(),
                w.windowStart(),
                w.windowEnd(),
                w.kernel(),
                w.proxy(),
                w.verdict(),
                w.confidence(),
                w.reason());
    }

    private EndpointRef enrich(EndpointRef ref) {
        if (ref.kind() != EndpointKind.WORKLOAD
                || (!ref.labels().isEmpty() && ref.serviceAccount() != null)) {
            return ref;
        }
        PodRecord pod = latestPod.get(new Key(ref.namespace(), ref.workload()));
        if (pod == null) {
            return ref;
        }
        return new EndpointRef(
                ref.namespace(),
                ref.workload(),
                ref.kind(),
                ref.labels().isEmpty() ? pod.labels() : ref.labels(),
                ref.meshed(),
                ref.serviceAccount() == null ? pod.serviceAccount() : ref.serviceAccount());
    }

    private static Instant start(PodRecord pod) {
        return pod.validFrom() == null ? Instant.MIN : pod.validFrom();
    }
}
