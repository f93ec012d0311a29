package dev.tandem.ingest.envelope;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tandem.ingest.decode.Absent;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.DecoderLimits;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.OwnerRef;
import dev.tandem.ingest.model.PodContext;
import java.io.IOException;
import java.util.TreeMap;

/**
 * Reads the {@code kubernetes} object that Fluent Bit's kubernetes filter adds to a record into a
 * {@link PodContext}. Keys Tandem does not use (annotations, container image, docker id) are
 * skipped unread.
 */
final class KubernetesMetadataReader {
    private KubernetesMetadataReader() {}

    /**
     * Reads from the {@code START_OBJECT} the parser is on to its {@code END_OBJECT}. Returns null
     * when the object names nothing Tandem uses.
     */
    static PodContext read(JsonParser p) throws IOException, RejectedInput {
        String namespace = null;
        String pod = null;
        String container = null;
        String podIp = null;
        String node = null;
        Labels labels = Labels.empty();
        OwnerRef owner = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            switch (name) {
                case "namespace_name" -> namespace = text(p, name);
                case "pod_name" -> pod = text(p, name);
                case "container_name" -> container = text(p, name);
                case "pod_ip" -> podIp = text(p, name);
                case "host" -> node = text(p, name);
                case "labels" -> labels = labels(p);
                case "ownerReferences" -> owner = owner(p);
                default -> p.skipChildren();
            }
        }
        if (namespace == null
                && pod == null
                && container == null
                && podIp == null
                && node == null
                && labels.isEmpty()
                && owner == null) {
            return null;
        }
        return new PodContext(namespace, pod, labels, container, podIp, node, owner);
    }

    private static String text(JsonParser p, String name) throws IOException, RejectedInput {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return Absent.toNull(p.getText());
        }
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        throw invalid("kubernetes." + name + " must be a string, was " + describe(t));
    }

    private static Labels labels(JsonParser p) throws IOException, RejectedInput {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return Labels.empty();
        }
        if (t != JsonToken.START_OBJECT) {
            throw invalid("kubernetes.labels must be an object, was " + describe(t));
        }
        TreeMap<String, String> labels = new TreeMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            if (value != JsonToken.VALUE_STRING) {
                throw invalid(
                        "kubernetes.labels." + key + " must be a string, was " + describe(value));
            }
            labels.put(key, p.getText());
            if (labels.size() > DecoderLimits.MAX_LABELS) {
                throw invalid(
                        "kubernetes.labels has more than " + DecoderLimits.MAX_LABELS + " entries");
            }
        }
        return Labels.of(labels);
    }

    /** The controller among the owner references, else the first complete one. */
    private static OwnerRef owner(JsonParser p) throws IOException, RejectedInput {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.START_ARRAY) {
            throw invalid("kubernetes.ownerReferences must be an array, was " + describe(t));
        }
        OwnerRef first = null;
        OwnerRef controller = null;
        int count = 0;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                throw invalid(
                        "kubernetes.ownerReferences entries must be objects, was " + describe(t));
            }
            if (++count > DecoderLimits.MAX_LIST_ENTRIES) {
                throw invalid(
                        "kubernetes.ownerReferences has more than "
                                + DecoderLimits.MAX_LIST_ENTRIES
                                + " entries");
            }
            String kind = null;
            String name = null;
            boolean isController = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "kind" -> kind = text(p, "ownerReferences.kind");
                    case "name" -> name = text(p, "ownerReferences.name");
                    case "controller" -> isController = value == JsonToken.VALUE_TRUE;
                    default -> p.skipChildren();
                }
            }
            if (kind != null && name != null) {
                OwnerRef ref = new OwnerRef(kind, name);
                if (first == null) {
                    first = ref;
                }
                if (isController && controller == null) {
                    controller = ref;
                }
            }
        }
        return controller != null ? controller : first;
    }

    static String describe(JsonToken t) {
        if (t == null) {
            return "the end of input";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }

    private static RejectedInput invalid(String detail) {
        return new RejectedInput(DeadLetterReason.INVALID_FIELD, detail);
    }
}
