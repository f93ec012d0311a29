package dev.tandem.ingest.inventory;

import java.util.Objects;

/**
 * The key of one object on the inventory topic: {@code <kind>/<namespace>/<name>}, for example
 * {@code pod/bookinfo/reviews-v1-abc}, {@code service/bookinfo/reviews}, {@code
 * namespace//bookinfo} (a namespace lives in no namespace). Kubernetes names never contain {@code
 * /}, so the text form is unambiguous; one object keeps one key for its whole life, which is what
 * compaction needs.
 *
 * @param kind the object's kind
 * @param namespace its namespace, or null for a namespace
 * @param name its name
 */
public record InventoryKey(InventoryKind kind, String namespace, String name) {
    public InventoryKey {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        if (name.isEmpty() || name.indexOf('/') >= 0) {
            throw new IllegalArgumentException("illegal object name '" + name + "'");
        }
        if (kind.namespaced()) {
            if (namespace == null || namespace.isEmpty() || namespace.indexOf('/') >= 0) {
                throw new IllegalArgumentException(
                        "a "
                                + kind.keyPrefix()
                                + " key needs a namespace, got '"
                                + namespace
                                + "'");
            }
        } else if (namespace != null && !namespace.isEmpty()) {
            throw new IllegalArgumentException(
                    "a namespace key has no namespace, got '" + namespace + "'");
        } else {
            namespace = null;
        }
    }

    public static InventoryKey pod(String namespace, String name) {
        return new InventoryKey(InventoryKind.POD, namespace, name);
    }

    public static InventoryKey service(String namespace, String name) {
        return new InventoryKey(InventoryKind.SERVICE, namespace, name);
    }

    public static InventoryKey namespace(String name) {
        return new InventoryKey(InventoryKind.NAMESPACE, null, name);
    }

    /**
     * Reads the text form.
     *
     * @throws IllegalArgumentException when {@code text} is not {@code <kind>/<namespace>/<name>}
     *     with a known kind
     */
    public static InventoryKey parse(String text) {
        String[] parts = text.split("/", -1);
        if (parts.length != 3) {
            throw new IllegalArgumentException(
                    "inventory key '" + text + "' is not <kind>/<namespace>/<name>");
        }
        InventoryKind kind = InventoryKind.fromKeyPrefix(parts[0]);
        if (kind == null) {
            throw new IllegalArgumentException(
                    "inventory key '" + text + "' has unknown kind '" + parts[0] + "'");
        }
        return new InventoryKey(kind, parts[1].isEmpty() ? null : parts[1], parts[2]);
    }

    /** The text form, {@code pod/bookinfo/reviews-v1-abc}. */
    @Override
    public String toString() {
        return kind.keyPrefix() + "/" + (namespace == null ? "" : namespace) + "/" + name;
    }
}
