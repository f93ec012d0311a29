package dev.tandem.ingest.inventory;

import java.util.Locale;

/** The kinds of Kubernetes object the inventory holds, as they are spelled in topic keys. */
public enum InventoryKind {
    POD,
    SERVICE,
    NAMESPACE;

    /** The kind as it starts an inventory key: {@code pod}, {@code service}, {@code namespace}. */
    public String keyPrefix() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True for the kinds that live in a namespace (all but namespaces themselves). */
    public boolean namespaced() {
        return this != NAMESPACE;
    }

    /** The kind a key prefix names, or null when it names none. */
    static InventoryKind fromKeyPrefix(String prefix) {
        for (InventoryKind kind : values()) {
            if (kind.keyPrefix().equals(prefix)) {
                return kind;
            }
        }
        return null;
    }
}
