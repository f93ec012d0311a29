package dev.tandem.ingest.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.ingest.model.NamespaceRecord;

/** Reads a Kubernetes Namespace object into a {@link NamespaceRecord}: its name and labels. */
final class NamespaceItemReader {
    private NamespaceItemReader() {}

    static NamespaceRecord read(JsonNode namespace) throws ItemRejected {
        JsonNode metadata = ObjectFields.object(namespace, "metadata", "metadata");
        return new NamespaceRecord(
                ObjectFields.requiredText(metadata, "name", "metadata.name"),
                ObjectFields.labels(metadata, "labels", "metadata.labels"));
    }
}
