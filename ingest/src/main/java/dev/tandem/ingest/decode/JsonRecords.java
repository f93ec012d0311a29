package dev.tandem.ingest.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * The boundary every one-JSON-object-per-record flow decoder shares: the size cap, the strict UTF-8
 * check, the parser, the check that the input is exactly one object, and the translation of every
 * failure into a dead letter. A decoder supplies only the reader of the object's fields.
 */
public final class JsonRecords {
    /** Reads the fields of one JSON object; the parser is on its START_OBJECT. */
    @FunctionalInterface
    public interface ObjectReader<T> {
        /**
         * Reads through the object's END_OBJECT.
         *
         * @throws FlowFieldException for a missing or unreadable field
         */
        T read(JsonParser parser) throws IOException;
    }

    private JsonRecords() {}

    /**
     * Decodes {@code bytes[offset, offset+length)} as one JSON object with {@code reader}. Never
     * throws: every failure is a dead letter carrying the original bytes.
     */
    public static <T> Decoded<T> decode(
            String source,
            byte[] bytes,
            int offset,
            int length,
            long position,
            ObjectReader<T> reader) {
        Decoded<T> tooLarge = DeadLetters.failIfTooLarge(source, position, bytes, offset, length);
        if (tooLarge != null) {
            return tooLarge;
        }
        Decoded<T> parsed = parse(source, bytes, offset, length, position, reader);
        return DeadLetters.orBadEncoding(parsed, source, position, bytes, offset, length);
    }

    private static <T> Decoded<T> parse(
            String source,
            byte[] bytes,
            int offset,
            int length,
            long position,
            ObjectReader<T> reader) {
        try (JsonParser p = JsonSupport.factory().createParser(bytes, offset, length)) {
            JsonToken first = p.nextToken();
            if (first == null) {
                return DeadLetters.fail(
                        source,
                        position,
                        DeadLetterReason.EMPTY,
                        "blank record",
                        bytes,
                        offset,
                        length);
            }
            if (first != JsonToken.START_OBJECT) {
                return DeadLetters.fail(
                        source,
                        position,
                        DeadLetterReason.INVALID_FIELD,
                        "expected a JSON object at the top level, found " + describe(first),
                        bytes,
                        offset,
                        length);
            }
            T value = reader.read(p);
            JsonToken after = p.nextToken();
            if (after != null) {
                return DeadLetters.fail(
                        source,
                        position,
                        DeadLetterReason.MALFORMED_JSON,
                        "more than one JSON value in the record: "
                                + describe(after)
                                + " after the object",
                        bytes,
                        offset,
                        length);
            }
            return Decoded.ok(value);
        } catch (FlowFieldException e) {
            return DeadLetters.fail(
                    source, position, e.reason(), e.detail(), bytes, offset, length);
        } catch (JsonProcessingException e) {
            return DeadLetters.failJson(source, position, e, bytes, offset, length);
        } catch (IOException e) {
            return DeadLetters.fail(
                    source,
                    position,
                    DeadLetterReason.MALFORMED_JSON,
                    DeadLetters.oneLine(e.getMessage()),
                    bytes,
                    offset,
                    length);
        } catch (RuntimeException e) {
            // A bug in a reader must cost one record, not the job: keep it, say what broke.
            return DeadLetters.fail(
                    source,
                    position,
                    DeadLetterReason.INVALID_FIELD,
                    DeadLetters.oneLine(
                            "unreadable record ("
                                    + e.getClass().getName()
                                    + "): "
                                    + e.getMessage()),
                    bytes,
                    offset,
                    length);
        }
    }

    private static String describe(JsonToken token) {
        switch (token) {
            case START_ARRAY:
                return "an array";
            case START_OBJECT:
                return "an object";
            case VALUE_STRING:
                return "a string";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return token.name();
        }
    }
}
