package dev.tandem.ingest.model;

import java.util.Objects;

/** A namespace and its labels (Istio injection, {@code kubernetes.io/metadata.name}). */
public record NamespaceRecord(String name, Labels labels) {
    public NamespaceRecord {
        Objects.requireNonNull(name, "name");
        labels = labels == null ? Labels.empty() : labels;
    }
}
