package dev.tandem.ingest.inventory;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.DeadLetters;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.json.CanonicalJson;
import dev.tandem.ingest.model.NamespaceRecord;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.ingest.model.ServiceRecord;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The wire format of the {@code tandem.inventory} topic (documented in {@code
 * docs/inventory-topic.md}): the key is the UTF-8 text of an {@link InventoryKey}, the value the
 * canonical JSON of the record ({@link CanonicalJson}), and a null value is a tombstone.
 *
 * <p>Reading never throws: a message that breaks the format becomes a dead letter, so that one bad
 * message costs one message, not the consumer. Thread-safe.
 */
public final class InventorySerde {
    private InventorySerde() {}

    /** The key of {@code key} as it goes on the topic. */
    public static byte[] serializeKey(InventoryKey key) {
        return key.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The value of {@code item} as it goes on the topic: one line of canonical JSON. */
    public static byte[] serializeValue(InventoryItem item) {
        return CanonicalJson.toJsonLine(item.record()).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Reads one message of the topic.
     *
     * @param key the message key; a message without one breaks the format
     * @param value the message value, or null for a tombstone
     * @param source names the topic and partition in dead letters ({@code tandem.inventory-2})
     * @param position the message offset
     * @return the message, or a dead letter (with the value's bytes, else the key's) saying why it
     *     could not be read
     */
    public static Decoded<InventoryMessage> deserialize(
            byte[] key, byte[] value, String source, long position) {
        byte[] original = value != null ? value : key != null ? key : new byte[0];
        if (key == null) {
            return fail(source, position, DeadLetterReason.MISSING_FIELD, "no key", original);
        }
        Decoded<InventoryMessage> tooLarge =
                DeadLetters.failIfTooLarge(source, position, original, 0, original.length);
        if (tooLarge != null) {
            return tooLarge;
        }
        InventoryKey parsed;
        try {
            parsed = InventoryKey.parse(new String(key, StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return fail(source, position, DeadLetterReason.INVALID_FIELD, e.getMessage(), original);
        }
        if (value == null) {
            return Decoded.ok(new InventoryMessage(parsed, null));
        }
        InventoryItem item;
        try {
            item = readItem(parsed.kind(), value);
        } catch (JsonParseException | StreamConstraintsException e) {
            return DeadLetters.failJson(source, position, e, value, 0, value.length);
        } catch (ValueInstantiationException e) {
            // A record constructor refused the value: a required field (name, workload) is missing.
            return fail(
                    source,
                    position,
                    DeadLetterReason.MISSING_FIELD,
                    "not a " + parsed.kind().keyPrefix() + " record: " + e.getOriginalMessage(),
                    value);
        } catch (JsonProcessingException e) {
            return fail(
                    source,
                    position,
                    DeadLetterReason.INVALID_FIELD,
                    "not a " + parsed.kind().keyPrefix() + " record: " + e.getOriginalMessage(),
                    value);
        } catch (IOException | RuntimeException e) {
            return fail(source, position, DeadLetterReason.MALFORMED_JSON, e.toString(), value);
        }
        if (item == null) {
            return fail(
                    source,
                    position,
                    DeadLetterReason.MISSING_FIELD,
                    "value is JSON null; a deletion is a message with no value",
                    value);
        }
        if (!item.key().equals(parsed)) {
            return fail(
                    source,
                    position,
                    DeadLetterReason.INVALID_FIELD,
                    "key " + parsed + " does not match the value, which is " + item.key(),
                    value);
        }
        return Decoded.ok(new InventoryMessage(parsed, item));
    }

    /** The item, or null when the value is the JSON literal null. */
    private static InventoryItem readItem(InventoryKind kind, byte[] value) throws IOException {
        switch (kind) {
            case POD:
                PodRecord pod = CanonicalJson.fromJson(value, PodRecord.class);
                return pod == null ? null : new InventoryItem.Pod(pod);
            case SERVICE:
                ServiceRecord service = CanonicalJson.fromJson(value, ServiceRecord.class);
                return service == null ? null : new InventoryItem.Service(service);
            default:
                NamespaceRecord namespace = CanonicalJson.fromJson(value, NamespaceRecord.class);
                return namespace == null ? null : new InventoryItem.Namespace(namespace);
        }
    }

    private static Decoded<InventoryMessage> fail(
            String source, long position, DeadLetterReason reason, String detail, byte[] bytes) {
        return DeadLetters.fail(
                source, position, reason, DeadLetters.oneLine(detail), bytes, 0, bytes.length);
    }
}
