package dev.tandem.inventory.watch;

import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.inventory.InventoryItem;
import dev.tandem.ingest.inventory.KubectlInventoryDecoder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.charset.StandardCharsets;

/**
 * Turns the fabric8 objects an informer hands over into inventory items, through the same reader as
 * kubectl files: the object goes back to the JSON the API served and is read as one kubectl item. A
 * second, fabric8-typed mapping would drift from the file one; this cannot.
 */
final class KubernetesObjects {
    private final KubernetesSerialization serialization;
    private final KubectlInventoryDecoder decoder = new KubectlInventoryDecoder();

    KubernetesObjects(KubernetesSerialization serialization) {
        this.serialization = serialization;
    }

    Decoded<InventoryItem> toItem(HasMetadata object) {
        String json = serialization.asJson(object);
        return decoder.decodeItem(json.getBytes(StandardCharsets.UTF_8), sourceOf(object));
    }

    /** {@code kubernetes-api:Pod/bookinfo/reviews-v1-abc}, for dead letters and logs. */
    static String sourceOf(HasMetadata object) {
        String namespace =
                object.getMetadata() == null ? null : object.getMetadata().getNamespace();
        String name = object.getMetadata() == null ? null : object.getMetadata().getName();
        return "kubernetes-api:"
                + object.getKind()
                + "/"
                + (namespace == null ? "" : namespace)
                + "/"
                + name;
    }
}
