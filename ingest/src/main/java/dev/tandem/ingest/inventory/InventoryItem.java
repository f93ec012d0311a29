package dev.tandem.ingest.inventory;

import dev.tandem.ingest.model.InventorySnapshot;
import dev.tandem.ingest.model.NamespaceRecord;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.ingest.model.ServiceRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One object of the inventory (a pod, a Service or a namespace) with the key it is published under.
 */
public sealed interface InventoryItem
        permits InventoryItem.Pod, InventoryItem.Service, InventoryItem.Namespace {
    /** The key this object has on the inventory topic. */
    InventoryKey key();

    /**
     * The canonical record: a {@link PodRecord}, {@link ServiceRecord} or {@link NamespaceRecord}.
     */
    Object record();

    /** A pod. */
    record Pod(PodRecord record) implements InventoryItem {
        public Pod {
            Objects.requireNonNull(record, "record");
        }

        @Override
        public InventoryKey key() {
            return InventoryKey.pod(record.namespace(), record.name());
        }
    }

    /** A Service. */
    record Service(ServiceRecord record) implements InventoryItem {
        public Service {
            Objects.requireNonNull(record, "record");
        }

        @Override
        public InventoryKey key() {
            return InventoryKey.service(record.namespace(), record.name());
        }
    }

    /** A namespace. */
    record Namespace(NamespaceRecord record) implements InventoryItem {
        public Namespace {
            Objects.requireNonNull(record, "record");
        }

        @Override
        public InventoryKey key() {
            return InventoryKey.namespace(record.name());
        }
    }

    /**
     * Every object of a snapshot: namespaces, then Services, then pods, each in the snapshot's
     * order. A reader that applies them in this order never sees a pod before its namespace.
     */
    static List<InventoryItem> allOf(InventorySnapshot snapshot) {
        List<InventoryItem> items =
                new ArrayList<>(
                        snapshot.namespaces().size()
                                + snapshot.services().size()
                                + snapshot.pods().size());
        snapshot.namespaces().forEach(n -> items.add(new Namespace(n)));
        snapshot.services().forEach(s -> items.add(new Service(s)));
        snapshot.pods().forEach(p -> items.add(new Pod(p)));
        return items;
    }
}
