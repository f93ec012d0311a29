package dev.tandem.inventory.watch;

import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.inventory.InventoryItem;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

/**
 * What an informer's events mean for the topic: an added or changed object is published, a deleted
 * one is published as gone. An object that cannot be read costs a dead letter, never the watch.
 */
final class InventoryEvents<T extends HasMetadata> implements ResourceEventHandler<T> {
    private final KubernetesObjects objects;
    private final InventoryPublisher publisher;
    private final WatchScope scope;

    InventoryEvents(KubernetesObjects objects, InventoryPublisher publisher, WatchScope scope) {
        this.objects = objects;
        this.publisher = publisher;
        this.scope = scope;
    }

    @Override
    public void onAdd(T object) {
        publish(object);
    }

    /**
     * Publishes the object's state.
     *
     * @return false when it could not be read (a dead letter went out instead)
     */
    boolean publish(T object) {
        Decoded<InventoryItem> item = objects.toItem(object);
        if (!item.isOk()) {
            publisher.deadLetter(item.deadLetter());
            return false;
        }
        if (inScope(item.value())) {
            publisher.upsert(item.value());
        }
        return true;
    }

    @Override
    public void onUpdate(T before, T after) {
        onAdd(after);
    }

    /**
     * {@code finalStateUnknown}: the watch missed the deletion and a relist found the object gone;
     * the state is the informer's last copy, which is the best there is.
     */
    @Override
    public void onDelete(T object, boolean finalStateUnknown) {
        InventoryItem item = read(object);
        if (item != null) {
            publisher.delete(item);
        }
    }

    private InventoryItem read(T object) {
        Decoded<InventoryItem> item = objects.toItem(object);
        if (!item.isOk()) {
            publisher.deadLetter(item.deadLetter());
            return null;
        }
        return inScope(item.value()) ? item.value() : null;
    }

    /** Namespaces are listed cluster-wide (they are few); only the watched ones are published. */
    private boolean inScope(InventoryItem item) {
        if (item instanceof InventoryItem.Namespace namespace) {
            return scope.includes(namespace.record().name());
        }
        return true;
    }
}
