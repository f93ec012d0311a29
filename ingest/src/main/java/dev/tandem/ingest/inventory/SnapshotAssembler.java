package dev.tandem.ingest.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.DeadLetters;
import dev.tandem.ingest.model.InventorySnapshot;
import dev.tandem.ingest.model.NamespaceRecord;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.ingest.model.ServiceRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Collects the items of one kubectl document into a snapshot: reads each by its kind, skips (with a
 * dead letter) the ones that break a rule, and sorts the rest. Items of other kinds (Deployments,
 * Endpoints, custom resources) are not inventory and are passed over without a dead letter.
 */
final class SnapshotAssembler {
    private static final Comparator<PodRecord> POD_ORDER =
            Comparator.comparing(PodRecord::namespace)
                    .thenComparing(PodRecord::name)
                    .thenComparing(
                            PodRecord::uid, Comparator.nullsFirst(Comparator.naturalOrder()));
    private static final Comparator<ServiceRecord> SERVICE_ORDER =
            Comparator.comparing(ServiceRecord::namespace).thenComparing(ServiceRecord::name);
    private static final Comparator<NamespaceRecord> NAMESPACE_ORDER =
            Comparator.comparing(NamespaceRecord::name);

    private final String source;
    private final int maxKeptDeadLetters;
    private final int deadLetterBytes;
    private final List<PodRecord> pods = new ArrayList<>();
    private final List<ServiceRecord> services = new ArrayList<>();
    private final List<NamespaceRecord> namespaces = new ArrayList<>();
    private final List<DeadLetter> skipped = new ArrayList<>();
    private final List<Untyped> untyped = new ArrayList<>();
    private int skippedCount;

    /** An item without a kind, waiting for its list's kind (which may come after the items). */
    private record Untyped(JsonNode item, int index, long position) {}

    SnapshotAssembler(String source, int maxKeptDeadLetters, int deadLetterBytes) {
        this.source = source;
        this.maxKeptDeadLetters = maxKeptDeadLetters;
        this.deadLetterBytes = deadLetterBytes;
    }

    /**
     * Takes item {@code index} of the list, found at byte {@code position}.
     *
     * @param listKind the list's kind when already known ({@code PodList} items carry no kind of
     *     their own), else null
     */
    void accept(JsonNode item, String listKind, int index, long position) {
        if (!item.isObject()) {
            skip(
                    position,
                    DeadLetterReason.INVALID_FIELD,
                    "item " + index + " is " + ObjectFields.describe(item) + ", not an object",
                    item);
            return;
        }
        JsonNode kind = item.get("kind");
        if (kind != null && kind.isTextual()) {
            read(item, kind.textValue(), index, position);
        } else if (listKind != null) {
            read(item, itemKindOf(listKind), index, position);
        } else {
            untyped.add(new Untyped(item, index, position));
        }
    }

    /** The snapshot, once the whole document has been read and its list kind is known. */
    InventoryDecodeResult finish(String listKind, Instant observedAt) {
        String implied = listKind == null ? null : itemKindOf(listKind);
        for (Untyped pending : untyped) {
            read(pending.item(), implied, pending.index(), pending.position());
        }
        untyped.clear();
        pods.sort(POD_ORDER);
        services.sort(SERVICE_ORDER);
        namespaces.sort(NAMESPACE_ORDER);
        return new InventoryDecodeResult(
                new InventorySnapshot(observedAt, pods, services, namespaces),
                skipped,
                skippedCount);
    }

    /** {@code PodList} holds {@code Pod}s; a plain {@code List} says nothing about its items. */
    private static String itemKindOf(String listKind) {
        if (listKind.endsWith("List") && listKind.length() > "List".length()) {
            return listKind.substring(0, listKind.length() - "List".length());
        }
        return null;
    }

    private void read(JsonNode item, String kind, int index, long position) {
        if (kind == null) {
            skip(
                    position,
                    DeadLetterReason.MISSING_FIELD,
                    "item " + index + " has no kind, and its list does not imply one",
                    item);
            return;
        }
        if (!isCoreApi(item)) {
            return;
        }
        try {
            switch (kind) {
                case "Pod" -> pods.add(PodItemReader.read(item));
                case "Service" -> services.add(ServiceItemReader.read(item));
                case "Namespace" -> namespaces.add(NamespaceItemReader.read(item));
                default -> {
                    // Not inventory: nothing to read, nothing lost.
                }
            }
        } catch (ItemRejected e) {
            skip(position, e.reason(), describe(index, kind, item) + e.getMessage(), item);
        } catch (RuntimeException e) {
            skip(
                    position,
                    DeadLetterReason.UNKNOWN_FORMAT,
                    describe(index, kind, item) + "unexpected error: " + e,
                    item);
        }
    }

    /**
     * Pods, Services and Namespaces are {@code v1}; a Knative {@code Service} has the same kind
     * under {@code serving.knative.dev/v1} and is not a Kubernetes Service. Items of a typed list
     * carry no apiVersion and are taken as core.
     */
    private static boolean isCoreApi(JsonNode item) {
        JsonNode apiVersion = item.get("apiVersion");
        return apiVersion == null || !apiVersion.isTextual() || "v1".equals(apiVersion.textValue());
    }

    /** {@code item 3 (Pod default/reviews-v1-abc): }, with whatever names are readable. */
    private static String describe(int index, String kind, JsonNode item) {
        JsonNode metadata = item.get("metadata");
        String namespace = metadata == null ? null : textOrNull(metadata.get("namespace"));
        String name = metadata == null ? null : textOrNull(metadata.get("name"));
        StringBuilder text = new StringBuilder("item ").append(index).append(" (").append(kind);
        if (name != null) {
            text.append(' ');
            if (namespace != null) {
                text.append(shorten(namespace)).append('/');
            }
            text.append(shorten(name));
        }
        return text.append("): ").toString();
    }

    private static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }

    private static String shorten(String name) {
        return name.length() <= 80 ? name : name.substring(0, 80) + "...";
    }

    private void skip(long position, DeadLetterReason reason, String detail, JsonNode item) {
        skippedCount++;
        if (skipped.size() >= maxKeptDeadLetters) {
            return;
        }
        // The item as compact JSON: the original bytes are gone by now, but this is the same item.
        byte[] original = item.toString().getBytes(StandardCharsets.UTF_8);
        if (original.length > deadLetterBytes) {
            original = Arrays.copyOf(original, deadLetterBytes);
        }
        skipped.add(
                new DeadLetter(source, position, reason, DeadLetters.oneLine(detail), original));
    }
}
