package dev.tandem.jobs.correlate;

import dev.tandem.ingest.model.PodRecord;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;

/**
 * Looks pods up in the resolver's inventory and counts the addresses it did not know: evidence with
 * such an address may resolve better once the inventory has caught up.
 */
final class MissCountingLookup implements PodLookup {
    private final ReadOnlyBroadcastState<String, List<PodRecord>> inventory;
    private int misses;

    MissCountingLookup(ReadOnlyBroadcastState<String, List<PodRecord>> inventory) {
        this.inventory = inventory;
    }

    @Override
    public PodRecord podAt(String ip, Instant at) {
        PodRecord pod;
        try {
            pod = IpHistory.holderAt(inventory.get(ip), ip, at);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the inventory state", e);
        }
        if (pod == null) {
            misses++;
        }
        return pod;
    }

    int misses() {
        return misses;
    }
}
