package dev.tandem.ingest.calico;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tandem.ingest.decode.DeadLetters;
import dev.tandem.ingest.decode.DecoderLimits;
import dev.tandem.ingest.decode.Timestamps;
import dev.tandem.ingest.model.Labels;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads the JSON values that Calico's two flow formats (Enterprise flow logs and open-source
 * Goldmane flows) share, from a streaming parser positioned on the value. Each reader accepts the
 * spellings real emitters use (protobuf JSON writes int64 as a string; {@code -}, {@code ""} and
 * null all mean absent) and throws {@link FlowFieldException} naming the field for anything else.
 *
 * <p>Every method consumes exactly the current value, including any array or object it opens.
 */
public final class FlowJson {
    /** Longest excerpt of a bad value quoted in a dead letter's detail. */
    private static final int EXCERPT_CHARS = 60;

    private FlowJson() {}

    /** A string; null for null, {@code ""} and {@code -}. Numbers and objects are rejected. */
    public static String text(JsonParser p, String field) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            return absentOrText(p);
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        throw wrongType(p, field, "a string");
    }

    /**
     * A non-negative counter; 0 when absent. Accepts a JSON integer or a string of digits (the
     * protobuf JSON mapping writes int64 as a string).
     */
    public static long counter(JsonParser p, String field) throws IOException {
        Long value = integer(p, field);
        if (value == null) {
            return 0;
        }
        if (value < 0) {
            throw FlowFieldException.invalid(field, "a counter cannot be negative: " + value);
        }
        return value;
    }

    /**
     * A signed integer (a JSON integer or a string of digits), or null when absent. Fractions and
     * numbers beyond a long are rejected.
     */
    public static Long integer(JsonParser p, String field) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            JsonParser.NumberType type = p.getNumberType();
            if (type == JsonParser.NumberType.INT || type == JsonParser.NumberType.LONG) {
                return p.getLongValue();
            }
            throw FlowFieldException.invalid(
                    field, "integer out of range: " + excerpt(p.getText()));
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = absentOrText(p);
            if (text == null) {
                return null;
            }
            Long parsed = parseLong(text);
            if (parsed == null) {
                throw FlowFieldException.invalid(
                        field, "expected an integer, found string \"" + excerpt(text) + "\"");
            }
            return parsed;
        }
        throw wrongType(p, field, "an integer");
    }

    /** A port, 0 to 65535, or null when absent. */
    public static Integer port(JsonParser p, String field) throws IOException {
        Long value = integer(p, field);
        if (value == null) {
            return null;
        }
        if (value < 0 || value > 65_535) {
            throw FlowFieldException.invalid(field, "port out of range 0-65535: " + value);
        }
        return value.intValue();
    }

    /**
     * A timestamp, or null when absent: epoch seconds or milliseconds (told apart by magnitude, as
     * a number or a string of digits), fractional epoch seconds, or RFC 3339.
     */
    public static Instant timestamp(JsonParser p, String field) throws IOException {
        JsonToken token = p.currentToken();
        try {
            switch (token) {
                case VALUE_NULL:
                    return null;
                case VALUE_NUMBER_INT:
                    Long epoch = integer(p, field);
                    return Timestamps.fromEpoch(epoch);
                case VALUE_NUMBER_FLOAT:
                    return fromFractionalEpoch(p.getDoubleValue());
                case VALUE_STRING:
                    String text = absentOrText(p);
                    return text == null ? null : parseTimestampText(text);
                default:
                    throw wrongType(p, field, "a timestamp");
            }
        } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
            throw FlowFieldException.invalid(field, DeadLetters.oneLine(e.getMessage()));
        }
    }

    /**
     * Endpoint labels in every form seen: Calico's {@code {"labels":["k=v",...]}}, Goldmane's
     * {@code ["k=v",...]}, or a plain {@code {"k":"v"}} map. Null and absent give no labels.
     */
    public static Labels labels(JsonParser p, String field) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return Labels.empty();
        }
        if (token == JsonToken.VALUE_STRING && absentOrText(p) == null) {
            return Labels.empty();
        }
        TreeMap<String, String> entries = new TreeMap<>();
        if (token == JsonToken.START_ARRAY) {
            readLabelPairs(p, field, entries);
        } else if (token == JsonToken.START_OBJECT) {
            readLabelObject(p, field, entries);
        } else {
            throw wrongType(
                    p, field, "labels ({\"labels\":[\"k=v\"]}, [\"k=v\"] or {\"k\":\"v\"})");
        }
        return entries.isEmpty() ? Labels.empty() : Labels.of(entries);
    }

    /**
     * A list of strings, written either as an array or as a single string; empty when absent.
     * Absent entries ({@code -}, null) are left out.
     */
    public static List<String> strings(JsonParser p, String field) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (token == JsonToken.VALUE_STRING) {
            String single = absentOrText(p);
            return single == null ? List.of() : List.of(single);
        }
        if (token != JsonToken.START_ARRAY) {
            throw wrongType(p, field, "a string or an array of strings");
        }
        List<String> values = null;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            String value = text(p, field);
            if (value == null) {
                continue;
            }
            if (values == null) {
                values = new ArrayList<>(4);
            } else if (values.size() >= DecoderLimits.MAX_LIST_ENTRIES) {
                throw FlowFieldException.invalid(
                        field, "more than " + DecoderLimits.MAX_LIST_ENTRIES + " entries");
            }
            values.add(value);
        }
        return values == null ? List.of() : values;
    }

    /**
     * An L4 protocol as Tandem spells it: lower-case names ({@code tcp}), numbers mapped to names
     * where Calico knows one ({@code 6} gives {@code tcp}), other numbers as decimal text. Null
     * when absent.
     */
    public static String protocol(JsonParser p, String field) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NULL) {
            Long number = integer(p, field);
            return number == null ? null : protocolName(number, field);
        }
        String text = text(p, field);
        if (text == null) {
            return null;
        }
        Long number = parseLong(text);
        if (number != null) {
            return protocolName(number, field);
        }
        return Protocols.canonicalName(text);
    }

    /** A wrong-type failure naming what was expected and what was found. */
    public static FlowFieldException wrongType(JsonParser p, String field, String expected)
            throws IOException {
        return FlowFieldException.invalid(field, "expected " + expected + ", found " + describe(p));
    }

    /** Shortens a value for quoting in a one-line detail. */
    public static String excerpt(String value) {
        String line = DeadLetters.oneLine(value);
        return line.length() <= EXCERPT_CHARS ? line : line.substring(0, EXCERPT_CHARS) + "...";
    }

    /** Parses an optionally signed decimal long without throwing; null when the text is not one. */
    public static Long parseLong(String text) {
        int length = text.length();
        int i = 0;
        boolean negative = false;
        if (length > 0 && (text.charAt(0) == '-' || text.charAt(0) == '+')) {
            negative = text.charAt(0) == '-';
            i = 1;
        }
        if (i == length || length - i > 18) {
            return null; // 18 digits always fit a long; longer is no counter or epoch we read.
        }
        long value = 0;
        for (; i < length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
            value = value * 10 + (c - '0');
        }
        return negative ? -value : value;
    }

    private static String protocolName(long number, String field) {
        if (number < 0 || number > 255) {
            throw FlowFieldException.invalid(field, "IP protocol number out of range: " + number);
        }
        return Protocols.fromNumber((int) number);
    }

    private static Instant parseTimestampText(String text) {
        Long epoch = parseLong(text);
        if (epoch != null) {
            return Timestamps.fromEpoch(epoch);
        }
        char first = text.charAt(0);
        if (first >= '0' && first <= '9' && text.indexOf('-') < 0) {
            return fromFractionalEpoch(parseFraction(text));
        }
        return Timestamps.parseRfc3339(text);
    }

    // Double.parseDouble also takes "NaN", "1e9" and hex; an epoch with a fraction is
    // digits.digits.
    private static double parseFraction(String text) {
        int dot = text.indexOf('.');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < '0' || c > '9') && i != dot) {
                throw new IllegalArgumentException(
                        "not an epoch or RFC 3339 timestamp: " + excerpt(text));
            }
        }
        return Double.parseDouble(text);
    }

    private static Instant fromFractionalEpoch(double value) {
        // Same magnitude rule as Timestamps.fromEpoch: 10^11 and above is milliseconds.
        if (Math.abs(value) >= 100_000_000_000d) {
            return Timestamps.fromEpochSeconds(value / 1000d);
        }
        return Timestamps.fromEpochSeconds(value);
    }

    private static void readLabelObject(JsonParser p, String field, TreeMap<String, String> into)
            throws IOException {
        String key;
        while ((key = p.nextFieldName()) != null) {
            JsonToken token = p.nextToken();
            // Calico's own form wraps the pairs: {"labels":["k=v"]}. A map whose key is "labels"
            // has a string value instead, so the value's type tells the two apart.
            if ("labels".equals(key) && token == JsonToken.START_ARRAY) {
                readLabelPairs(p, field, into);
                continue;
            }
            if ("labels".equals(key) && token == JsonToken.VALUE_NULL) {
                continue;
            }
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                throw FlowFieldException.invalid(
                        field, "label '" + excerpt(key) + "' has a nested value; expected text");
            }
            if (token == JsonToken.VALUE_NULL) {
                continue;
            }
            putBounded(into, key, p.getText(), field);
        }
    }

    private static void readLabelPairs(JsonParser p, String field, TreeMap<String, String> into)
            throws IOException {
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token == JsonToken.VALUE_NULL) {
                continue;
            }
            if (token != JsonToken.VALUE_STRING) {
                throw wrongType(p, field + "[]", "a \"key=value\" string");
            }
            // Split straight from the parser's buffer: no intermediate "k=v" string per label.
            char[] chars = p.getTextCharacters();
            int offset = p.getTextOffset();
            int length = p.getTextLength();
            if (length == 0) {
                continue;
            }
            int eq = -1;
            for (int i = 0; i < length; i++) {
                if (chars[offset + i] == '=') {
                    eq = i;
                    break;
                }
            }
            // As kubectl prints it, an entry without '=' is a key with an empty value.
            String key = eq < 0 ? new String(chars, offset, length) : new String(chars, offset, eq);
            String value = eq < 0 ? "" : new String(chars, offset + eq + 1, length - eq - 1);
            putBounded(into, key, value, field);
        }
    }

    private static void putBounded(
            TreeMap<String, String> into, String key, String value, String field) {
        if (into.size() >= DecoderLimits.MAX_LABELS && !into.containsKey(key)) {
            throw FlowFieldException.invalid(
                    field, "more than " + DecoderLimits.MAX_LABELS + " labels");
        }
        into.put(key, value);
    }

    private static String absentOrText(JsonParser p) throws IOException {
        int length = p.getTextLength();
        if (length == 0) {
            return null;
        }
        // Check for "-" in the parser's buffer so the most common absent value costs no string.
        if (length == 1 && p.getTextCharacters()[p.getTextOffset()] == '-') {
            return null;
        }
        return p.getText();
    }

    private static String describe(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == null) {
            return "nothing";
        }
        switch (token) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "string \"" + excerpt(p.getText()) + "\"";
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "number " + excerpt(p.getText());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "boolean " + p.getText();
            case VALUE_NULL:
                return "null";
            default:
                return token.asString() == null ? token.name() : token.asString();
        }
    }
}
