package dev.tandem.ingest.inventory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.ingest.decode.Absent;
import dev.tandem.ingest.decode.DecoderLimits;
import dev.tandem.ingest.decode.Timestamps;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.OwnerRef;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Typed reads of the fields of a Kubernetes object, as a tree. A missing field and JSON null are
 * the same (absent); a field of the wrong type rejects the item, naming the field by its path.
 */
final class ObjectFields {
    /** Kubernetes' own bounds: a label value is at most 63 characters, a key 253 + "/" + 63. */
    static final int MAX_LABEL_VALUE_CHARS = 63;

    static final int MAX_LABEL_KEY_CHARS = 317;

    private static final int QUOTED_KEY_CHARS = 64;

    private ObjectFields() {}

    static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    /** A string field, with {@code ""} and {@code -} as absent. */
    static String text(JsonNode parent, String field, String path) throws ItemRejected {
        JsonNode node = parent == null ? null : parent.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isTextual()) {
            throw ItemRejected.invalid(path + " must be a string, was " + describe(node));
        }
        return Absent.toNull(node.textValue());
    }

    /** A string field that the item cannot do without. */
    static String requiredText(JsonNode parent, String field, String path) throws ItemRejected {
        String value = text(parent, field, path);
        if (value == null) {
            throw ItemRejected.missing(path);
        }
        return value;
    }

    /** An object field, or null when absent. */
    static JsonNode object(JsonNode parent, String field, String path) throws ItemRejected {
        JsonNode node = parent == null ? null : parent.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isObject()) {
            throw ItemRejected.invalid(path + " must be an object, was " + describe(node));
        }
        return node;
    }

    /** An array field, or null when absent; longer than the list bound rejects the item. */
    static JsonNode array(JsonNode parent, String field, String path) throws ItemRejected {
        JsonNode node = parent == null ? null : parent.get(field);
        if (absent(node)) {
            return null;
        }
        if (!node.isArray()) {
            throw ItemRejected.invalid(path + " must be an array, was " + describe(node));
        }
        if (node.size() > DecoderLimits.MAX_LIST_ENTRIES) {
            throw ItemRejected.invalid(
                    path + " has more than " + DecoderLimits.MAX_LIST_ENTRIES + " entries");
        }
        return node;
    }

    /** An array entry that must be an object. */
    static JsonNode entry(JsonNode array, int index, String path) throws ItemRejected {
        JsonNode node = array.get(index);
        if (!node.isObject()) {
            throw ItemRejected.invalid(
                    path + "[" + index + "] must be an object, was " + describe(node));
        }
        return node;
    }

    static boolean bool(JsonNode parent, String field, String path) throws ItemRejected {
        JsonNode node = parent == null ? null : parent.get(field);
        if (absent(node)) {
            return false;
        }
        if (!node.isBoolean()) {
            throw ItemRejected.invalid(path + " must be true or false, was " + describe(node));
        }
        return node.booleanValue();
    }

    /** An RFC 3339 time field, or null when absent. */
    static Instant time(JsonNode parent, String field, String path) throws ItemRejected {
        String text = text(parent, field, path);
        if (text == null) {
            return null;
        }
        try {
            return Timestamps.parseRfc3339(text);
        } catch (RuntimeException e) {
            throw ItemRejected.invalid(path + ": " + e.getMessage());
        }
    }

    /**
     * A string-to-string map of labels (or a selector), held to Kubernetes' sizes: anything larger
     * did not come from an API server.
     */
    static Labels labels(JsonNode parent, String field, String path) throws ItemRejected {
        JsonNode node = object(parent, field, path);
        if (node == null || node.isEmpty()) {
            return Labels.empty();
        }
        if (node.size() > DecoderLimits.MAX_LABELS) {
            throw ItemRejected.invalid(
                    path + " has more than " + DecoderLimits.MAX_LABELS + " entries");
        }
        TreeMap<String, String> labels = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> label = fields.next();
            String key = label.getKey();
            JsonNode value = label.getValue();
            if (key.length() > MAX_LABEL_KEY_CHARS) {
                throw ItemRejected.invalid(
                        path
                                + " has a key of "
                                + key.length()
                                + " characters; Kubernetes allows at most "
                                + MAX_LABEL_KEY_CHARS);
            }
            if (!value.isTextual()) {
                throw ItemRejected.invalid(
                        path + "." + quoted(key) + " must be a string, was " + describe(value));
            }
            if (value.textValue().length() > MAX_LABEL_VALUE_CHARS) {
                throw ItemRejected.invalid(
                        path
                                + "."
                                + quoted(key)
                                + " has a value of "
                                + value.textValue().length()
                                + " characters; Kubernetes allows at most "
                                + MAX_LABEL_VALUE_CHARS);
            }
            labels.put(key, value.textValue());
        }
        return Labels.of(labels);
    }

    /** The controller among {@code metadata.ownerReferences}, else the first complete one. */
    static OwnerRef owner(JsonNode metadata) throws ItemRejected {
        JsonNode refs = array(metadata, "ownerReferences", "metadata.ownerReferences");
        if (refs == null) {
            return null;
        }
        OwnerRef first = null;
        for (int i = 0; i < refs.size(); i++) {
            String path = "metadata.ownerReferences[" + i + "]";
            JsonNode ref = entry(refs, i, "metadata.ownerReferences");
            String kind = text(ref, "kind", path + ".kind");
            String name = text(ref, "name", path + ".name");
            if (kind == null || name == null) {
                continue;
            }
            OwnerRef owner = new OwnerRef(kind, name);
            if (bool(ref, "controller", path + ".controller")) {
                return owner;
            }
            if (first == null) {
                first = owner;
            }
        }
        return first;
    }

    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT, POJO -> "an object";
            case ARRAY -> "an array";
            case STRING, BINARY -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL, MISSING -> "null";
        };
    }

    /** A key for a message: quoted, and cut short when it is long. */
    private static String quoted(String key) {
        String shown =
                key.length() <= QUOTED_KEY_CHARS ? key : key.substring(0, QUOTED_KEY_CHARS) + "...";
        return "\"" + shown + "\"";
    }
}
