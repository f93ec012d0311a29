package dev.tandem.ingest.model;

import java.util.Objects;

/** The controller that owns a pod, as Kubernetes names it ({@code ReplicaSet/reviews-v1-abc}). */
public record OwnerRef(String kind, String name) {
    public OwnerRef {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
    }
}
