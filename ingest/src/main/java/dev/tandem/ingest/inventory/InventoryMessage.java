package dev.tandem.ingest.inventory;

import java.util.Objects;

/**
 * One message read from the inventory topic: an object's latest state, or a tombstone saying the
 * object is gone (see {@code docs/inventory-topic.md} for what a consumer does with each).
 *
 * @param key the object's key
 * @param item the object's state, or null for a tombstone
 */
public record InventoryMessage(InventoryKey key, InventoryItem item) {
    public InventoryMessage {
        Objects.requireNonNull(key, "key");
        if (item != null && !item.key().equals(key)) {
            throw new IllegalArgumentException(
                    "key " + key + " does not match its value's key " + item.key());
        }
    }

    /** True for a tombstone: the object no longer exists. */
    public boolean isTombstone() {
        return item == null;
    }
}
