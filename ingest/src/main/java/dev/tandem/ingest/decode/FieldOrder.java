package dev.tandem.ingest.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.SerializedString;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The order in which an emitter writes an object's fields (Felix writes its struct's order, Envoy
 * sorts its keys), used to read field names faster: the name the order expects next is compared
 * with the input's bytes ({@link
 * JsonParser#nextFieldName(com.fasterxml.jackson.core.SerializableString)}), which spares Jackson
 * hashing the name and looking it up, a fifth of a flow record's parse.
 *
 * <p>The order is only a guess: a field out of order, unknown or repeated is read the ordinary way
 * and the guess moves on from it, so that any order gives the same fields. Immutable and
 * thread-safe; each read walks it with its own {@link Cursor}.
 */
public final class FieldOrder {
    private final SerializedString[] names;
    private final Map<String, Integer> positions;

    /** The order {@code names}; each should be a literal, so that it is the interned name. */
    public FieldOrder(String... names) {
        this.names = new SerializedString[names.length];
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            this.names[i] = new SerializedString(names[i]);
            at.put(names[i], i);
        }
        this.positions = Map.copyOf(at);
    }

    /** A cursor at the start of the order, for one reader (not thread-safe; reset per object). */
    public Cursor cursor() {
        return new Cursor(this);
    }

    /** Where one object's read has got to in the order. */
    public static final class Cursor {
        private final FieldOrder order;
        private int expected;

        private Cursor(FieldOrder order) {
            this.order = order;
        }

        /** Back to the first field, for the next object. */
        public void reset() {
            expected = 0;
        }

        /**
         * Moves the parser to the next field name and returns it, or returns null when the object
         * ends: the same as {@link JsonParser#nextFieldName()}.
         */
        public String nextFieldName(JsonParser p) throws IOException {
            SerializedString[] names = order.names;
            if (expected >= names.length) {
                return p.nextFieldName();
            }
            SerializedString wanted = names[expected];
            if (p.nextFieldName(wanted)) {
                expected++;
                return wanted.getValue();
            }
            if (p.currentToken() != JsonToken.FIELD_NAME) {
                return null;
            }
            String name = p.currentName();
            Integer position = order.positions.get(name);
            if (position != null) {
                expected = position + 1;
            }
            return name;
        }
    }
}
