package dev.tandem.ingest.envoy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tandem.ingest.model.HostPort;
import java.io.IOException;

/**
 * Reads one scalar value of an Istio JSON record, with Istio's conventions: null, {@code ""} and
 * {@code "-"} are absent, numbers may be written as strings.
 */
final class JsonValues {
    private JsonValues() {}

    /** A text value, or null when absent. Numbers are accepted as their text. */
    static String text(JsonParser p, JsonToken token, String field) throws IOException {
        return switch (token) {
            case VALUE_STRING -> {
                int length = p.getTextLength();
                if (length == 0
                        || (length == 1 && p.getTextCharacters()[p.getTextOffset()] == '-')) {
                    yield null;
                }
                yield p.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getText();
            case VALUE_NULL -> null;
            default -> throw wrongType(field, "a string", token);
        };
    }

    /**
     * A value that repeats from record to record, converted through this thread's {@link
     * RepeatedValues}.
     */
    static Object repeated(
            JsonParser p,
            JsonToken token,
            String field,
            RepeatedValues values,
            RepeatedValues.Kind kind)
            throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            char[] chars = p.getTextCharacters();
            int offset = p.getTextOffset();
            return values.get(kind, chars, offset, offset + p.getTextLength());
        }
        return RepeatedValues.convert(kind, text(p, token, field));
    }

    /**
     * An address in the simple {@code host:port} form read straight from the parser's buffer, or
     * null when the value is anything else (the caller then reads it as text).
     */
    static HostPort simpleAddress(JsonParser p, JsonToken token) throws IOException {
        if (token != JsonToken.VALUE_STRING) {
            return null;
        }
        int offset = p.getTextOffset();
        return Addresses.simple(p.getTextCharacters(), offset, offset + p.getTextLength());
    }

    /** A non-negative whole number, or -1 when absent. */
    static long number(JsonParser p, JsonToken token, String field) throws IOException {
        return switch (token) {
            case VALUE_NUMBER_INT -> {
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    throw ProxyFields.invalid(field, "number too large: " + p.getText());
                }
                yield nonNegative(field, p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                double value = p.getDoubleValue();
                if (value != Math.rint(value) || Math.abs(value) > (1L << 53)) {
                    throw ProxyFields.invalid(field, "not a whole number: " + p.getText());
                }
                yield nonNegative(field, (long) value);
            }
            case VALUE_STRING ->
                    digits(field, p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            case VALUE_NULL -> -1;
            default -> throw wrongType(field, "a number", token);
        };
    }

    private static long digits(String field, char[] chars, int offset, int length) {
        if (length == 0 || (length == 1 && chars[offset] == '-')) {
            return -1;
        }
        if (length > ProxyFields.MAX_NUMBER_DIGITS) {
            throw ProxyFields.invalid(
                    field,
                    "number too long: " + ProxyFields.quote(new String(chars, offset, length)));
        }
        long value = 0;
        for (int i = offset; i < offset + length; i++) {
            int digit = chars[i] - '0';
            if (digit < 0 || digit > 9) {
                throw ProxyFields.invalid(
                        field,
                        "not a number: " + ProxyFields.quote(new String(chars, offset, length)));
            }
            value = value * 10 + digit;
        }
        return value;
    }

    private static long nonNegative(String field, long value) {
        if (value < 0) {
            throw ProxyFields.invalid(field, "negative: " + value);
        }
        return value;
    }

    private static Rejection wrongType(String field, String expected, JsonToken token) {
        return ProxyFields.invalid(field, "expected " + expected + ", found " + describe(token));
    }

    private static String describe(JsonToken token) {
        return switch (token) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            default -> String.valueOf(token);
        };
    }
}
