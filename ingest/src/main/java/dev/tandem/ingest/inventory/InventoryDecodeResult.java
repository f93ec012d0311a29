package dev.tandem.ingest.inventory;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.model.InventorySnapshot;
import java.util.List;
import java.util.Objects;

/**
 * A snapshot read from kubectl output, with the items that could not be read. One bad item costs
 * that item, not the snapshot; what it was and why it was skipped stays in {@code skipped}.
 *
 * @param snapshot every pod, Service and namespace that could be read, sorted
 * @param skipped dead letters for the items skipped, in input order; at most the first {@link
 *     KubectlInventoryDecoder#MAX_KEPT_DEAD_LETTERS} of them, so that a file of nothing but bad
 *     items costs bounded memory
 * @param skippedCount how many items were skipped in all, which can be more than {@code
 *     skipped.size()}
 */
public record InventoryDecodeResult(
        InventorySnapshot snapshot, List<DeadLetter> skipped, int skippedCount) {
    public InventoryDecodeResult {
        Objects.requireNonNull(snapshot, "snapshot");
        skipped = skipped == null ? List.of() : List.copyOf(skipped);
        if (skippedCount < skipped.size()) {
            throw new IllegalArgumentException(
                    "skippedCount "
                            + skippedCount
                            + " is less than the "
                            + skipped.size()
                            + " kept");
        }
    }

    /** True when every pod, Service and namespace item was read. */
    public boolean complete() {
        return skippedCount == 0;
    }
}
