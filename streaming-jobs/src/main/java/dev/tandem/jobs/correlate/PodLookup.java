package dev.tandem.jobs.correlate;

import dev.tandem.ingest.model.PodRecord;
import java.time.Instant;

/** Finds the pod that held an IP at a moment; pod IPs are reused, so the moment matters. */
@FunctionalInterface
public interface PodLookup {
    /** The pod holding {@code ip} at {@code at}, or null when the inventory does not know it. */
    PodRecord podAt(String ip, Instant at);

    /** A lookup that knows no pod: resolution falls back to what the evidence itself says. */
    static PodLookup none() {
        return (ip, at) -> null;
    }
}
