package dev.tandem.ingest.inventory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.DeadLetters;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.decode.DecoderLimits;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Reads the output of {@code kubectl get pods,services,namespaces -A -o json} into an inventory
 * snapshot. Also reads a typed list ({@code PodList}, {@code ServiceList}, {@code NamespaceList},
 * whose items carry no kind) and a single {@code Pod}, {@code Service} or {@code Namespace}.
 *
 * <p>It is not a per-line {@link dev.tandem.ingest.decode.Decoder}: the document can be many
 * megabytes. It streams through {@code items} and builds a small tree for one item at a time, so
 * memory follows the snapshot, not the document.
 *
 * <p>Failure comes in two sizes:
 *
 * <ul>
 *   <li>An <b>item</b> that breaks a rule (a field of the wrong type, a missing name, a label
 *       longer than Kubernetes allows) is skipped with a dead letter; the rest of the snapshot
 *       stands. The result says how many were skipped.
 *   <li>A <b>document</b> that cannot be read to its end (truncated, not JSON, invalid UTF-8,
 *       nested deeper than {@value #MAX_NESTING_DEPTH}, over the size or item limit) gives a failed
 *       result and no snapshot at all: a snapshot missing an unknown part of the cluster would make
 *       its absent pods look like they do not exist.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class KubectlInventoryDecoder {
    /** The default size limit: 256 MiB, several times the pods of a 5000-node cluster. */
    public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;

    /** The default item limit: Kubernetes supports 150 000 pods per cluster. */
    public static final int DEFAULT_MAX_ITEMS = 500_000;

    /** The most per-item dead letters a result keeps (the count goes on). */
    public static final int MAX_KEPT_DEAD_LETTERS = DecoderLimits.MAX_LIST_ENTRIES;

    /** How much of an item or document a dead letter keeps. */
    public static final int DEAD_LETTER_BYTES = 16 * 1024;

    /**
     * Deeper than any Kubernetes object, even with {@code managedFields}; the per-line limit (32)
     * is for log records, not API objects.
     */
    static final int MAX_NESTING_DEPTH = 64;

    /**
     * One string may be large enough that a hostile label value is read and the item skipped, not
     * the whole document failed.
     */
    private static final int MAX_STRING_CHARS = 16 * 1024 * 1024;

    private static final JsonFactory FACTORY =
            JsonFactory.builder()
                    .streamReadConstraints(
                            StreamReadConstraints.builder()
                                    .maxNestingDepth(MAX_NESTING_DEPTH)
                                    .maxStringLength(MAX_STRING_CHARS)
                                    .maxNumberLength(64)
                                    .build())
                    .build();
    private static final ObjectMapper TREES = new ObjectMapper(FACTORY);

    private final long maxBytes;
    private final int maxItems;

    /** A decoder with the default limits. */
    public KubectlInventoryDecoder() {
        this(DEFAULT_MAX_BYTES, DEFAULT_MAX_ITEMS);
    }

    /**
     * A decoder with its own limits.
     *
     * @param maxBytes the largest document read, in bytes
     * @param maxItems the most items read from a list
     * @throws IllegalArgumentException when a limit is not positive
     */
    public KubectlInventoryDecoder(long maxBytes, int maxItems) {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be positive, was " + maxBytes);
        }
        if (maxItems <= 0) {
            throw new IllegalArgumentException("maxItems must be positive, was " + maxItems);
        }
        this.maxBytes = maxBytes;
        this.maxItems = maxItems;
    }

    /**
     * Reads one kubectl JSON document from {@code in} (which is not closed).
     *
     * @param sourceName names the input in dead letters ({@code inventory:cluster.json})
     * @param observedAt when the cluster was listed, or null when unknown
     * @return the snapshot with its skipped items, or a dead letter for a document that could not
     *     be read as a whole; never throws for bad content
     * @throws IOException only when reading {@code in} itself fails
     */
    public Decoded<InventoryDecodeResult> decode(
            InputStream in, String sourceName, Instant observedAt) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(sourceName, "sourceName");
        BoundedInputStream bounded = new BoundedInputStream(in, maxBytes, DEAD_LETTER_BYTES);
        try (JsonParser p = FACTORY.createParser(bounded)) {
            p.disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);
            return new DocumentRead(p, sourceName).read(observedAt, bounded);
        } catch (LimitExceeded e) {
            return fail(sourceName, -1, DeadLetterReason.TOO_LARGE, e.getMessage(), bounded);
        } catch (JsonProcessingException e) {
            return failJson(sourceName, e, bounded);
        }
    }

    /**
     * Reads one Pod, Service or Namespace object, as the Kubernetes API serves it, through the very
     * code that reads kubectl files: a live watch and a file can never disagree on a record.
     *
     * @param json the object as JSON
     * @param sourceName names the object in dead letters ({@code kubernetes-api:pod})
     * @return the item, or a dead letter when the object breaks a rule or is no inventory object
     *     (another kind, a list, a Knative Service); never throws for bad content
     */
    public Decoded<InventoryItem> decodeItem(byte[] json, String sourceName) {
        Objects.requireNonNull(json, "json");
        Decoded<InventoryDecodeResult> document;
        try {
            document = decode(new ByteArrayInputStream(json), sourceName, null);
        } catch (IOException e) {
            throw new UncheckedIOException("reading from memory cannot fail", e);
        }
        if (!document.isOk()) {
            return Decoded.failed(document.deadLetter());
        }
        InventoryDecodeResult result = document.value();
        if (!result.skipped().isEmpty()) {
            return Decoded.failed(result.skipped().get(0));
        }
        List<InventoryItem> items = InventoryItem.allOf(result.snapshot());
        if (items.size() != 1) {
            return Decoded.failed(
                    new DeadLetter(
                            sourceName,
                            0,
                            DeadLetterReason.UNSUPPORTED_FORMAT,
                            "expected one core/v1 Pod, Service or Namespace, found "
                                    + items.size()
                                    + " inventory objects",
                            Arrays.copyOf(json, Math.min(json.length, DEAD_LETTER_BYTES))));
        }
        return Decoded.ok(items.get(0));
    }

    private static Decoded<InventoryDecodeResult> failJson(
            String source, JsonProcessingException e, BoundedInputStream bounded) {
        String message = DeadLetters.oneLine(e.getOriginalMessage());
        DeadLetterReason reason = DeadLetterReason.MALFORMED_JSON;
        if (e instanceof StreamConstraintsException) {
            message = "JSON exceeds a limit: " + message;
        } else if (message.contains("Invalid UTF-8")) {
            reason = DeadLetterReason.BAD_ENCODING;
        }
        long position = -1;
        if (e.getLocation() != null) {
            position = e.getLocation().getByteOffset();
            message +=
                    " at line "
                            + e.getLocation().getLineNr()
                            + ", column "
                            + e.getLocation().getColumnNr();
        }
        return fail(source, position, reason, message, bounded);
    }

    private static Decoded<InventoryDecodeResult> fail(
            String source,
            long position,
            DeadLetterReason reason,
            String detail,
            BoundedInputStream bounded) {
        return Decoded.failed(
                new DeadLetter(
                        source, position, reason, DeadLetters.oneLine(detail), bounded.prefix()));
    }

    /** The walk over one document; a new one per call, so the decoder itself holds no state. */
    private final class DocumentRead {
        private final JsonParser p;
        private final String source;
        private final SnapshotAssembler items;
        private String kind;

        DocumentRead(JsonParser p, String source) {
            this.p = p;
            this.source = source;
            this.items = new SnapshotAssembler(source, MAX_KEPT_DEAD_LETTERS, DEAD_LETTER_BYTES);
        }

        Decoded<InventoryDecodeResult> read(Instant observedAt, BoundedInputStream bounded)
                throws IOException {
            JsonToken first = p.nextToken();
            if (first == null) {
                return fail(source, -1, DeadLetterReason.EMPTY, "no JSON in the input", bounded);
            }
            if (first != JsonToken.START_OBJECT) {
                return fail(
                        source,
                        0,
                        DeadLetterReason.UNKNOWN_FORMAT,
                        "expected a kubectl JSON object (a List, or a Pod, Service or Namespace),"
                                + " found "
                                + describeToken(first),
                        bounded);
            }
            ObjectNode single = TREES.createObjectNode();
            boolean sawItems = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                if ("items".equals(name)) {
                    sawItems = true;
                    if (value == JsonToken.START_ARRAY) {
                        readItems();
                    } else if (value != JsonToken.VALUE_NULL) {
                        return fail(
                                source,
                                -1,
                                DeadLetterReason.INVALID_FIELD,
                                "items must be an array, was " + describeToken(value),
                                bounded);
                    }
                } else {
                    JsonNode tree = TREES.readTree(p);
                    single.set(name, tree);
                    if ("kind".equals(name) && tree.isTextual()) {
                        kind = tree.textValue();
                    }
                }
            }
            if (p.nextToken() != null) {
                return fail(
                        source,
                        -1,
                        DeadLetterReason.MALFORMED_JSON,
                        "unexpected content after the JSON document",
                        bounded);
            }
            if (sawItems || (kind != null && kind.endsWith("List"))) {
                return Decoded.ok(items.finish(kind, observedAt));
            }
            if (kind == null) {
                return fail(
                        source,
                        0,
                        DeadLetterReason.MISSING_FIELD,
                        "no kind and no items: not a Kubernetes object or list",
                        bounded);
            }
            if (!kind.equals("Pod") && !kind.equals("Service") && !kind.equals("Namespace")) {
                return fail(
                        source,
                        0,
                        DeadLetterReason.UNSUPPORTED_FORMAT,
                        "kind "
                                + kind
                                + " is not inventory: expected a List, PodList, ServiceList,"
                                + " NamespaceList, Pod, Service or Namespace",
                        bounded);
            }
            items.accept(single, null, 0, 0);
            return Decoded.ok(items.finish(null, observedAt));
        }

        private void readItems() throws IOException {
            int index = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw new JsonParseException(p, "input ends inside the items array");
                }
                if (index >= maxItems) {
                    throw new LimitExceeded("more than " + maxItems + " items in the list");
                }
                long position = p.currentTokenLocation().getByteOffset();
                JsonNode item = TREES.readTree(p);
                if (item == null) {
                    item = NullNode.getInstance();
                }
                items.accept(item, kind, index, position);
                index++;
            }
        }
    }

    private static String describeToken(JsonToken t) {
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
            default -> t.name();
        };
    }
}
