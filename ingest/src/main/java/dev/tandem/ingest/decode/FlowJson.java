package dev.tandem.ingest.decode;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tandem.ingest.model.Labels;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the JSON values that Calico's two flow formats (Enterprise flow logs and open-source
 * Goldmane flows) share, from a streaming parser positioned on the value. Each reader accepts the
 * spellings real emitters use (protobuf JSON writes int64 as a string; {@code -}, {@code ""} and
 * null all mean absent) and throws {@link FlowFieldException} naming the field for anything else.
 *
 * <p>An instance keeps bounded caches of the text it has seen (names, namespaces, label pairs and
 * label sets), so that the values every flow repeats cost no allocation after the first time. It is
 * thread-safe; one instance per decoder.
 *
 * <p>Every method consumes exactly the current value, including any array or object it opens.
 */
public final class FlowJson {
    /** What {@link #parseDecimal} returns for text that is not a decimal long. */
    public static final long NO_NUMBER = Long.MIN_VALUE;

    /** Longest excerpt of a bad value quoted in a dead letter's detail. */
    private static final int EXCERPT_CHARS = 60;

    /**
     * The pairs of the labels being read, one buffer per thread: labels are read twice a line and a
     * fresh buffer each time was a noticeable part of a record's allocation. Never shared: label
     * reading does not nest.
     */
    private static final ThreadLocal<PairBuffer> PAIRS = ThreadLocal.withInitial(PairBuffer::new);

    private final ValueCache<String> strings = new ValueCache<>(4096, Function.identity());
    private final ValueCache<LabelSetCache.Pair> labelPairs =
            new ValueCache<>(4096, FlowJson::labelPair);
    private final LabelSetCache labelSets = new LabelSetCache(1024);

    /** A string; null for null, {@code ""} and {@code -}. Numbers and objects are rejected. */
    public String text(JsonParser p, String field) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_STRING) {
            int length = p.getTextLength();
            if (length == 0) {
                return null;
            }
            char[] chars = p.getTextCharacters();
            int offset = p.getTextOffset();
            if (length == 1 && chars[offset] == '-') {
                return null;
            }
            return strings.get(chars, offset, length);
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
        long value = integer(p, field, 0);
        if (value < 0) {
            throw FlowFieldException.invalid(field, "a counter cannot be negative: " + value);
        }
        return value;
    }

    /**
     * A signed integer (a JSON integer or a string of digits), or {@code whenAbsent} for null,
     * {@code ""} and {@code -}. Fractions and numbers beyond a long are rejected.
     */
    public static long integer(JsonParser p, String field, long whenAbsent) throws IOException {
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
            return whenAbsent;
        }
        if (token == JsonToken.VALUE_STRING) {
            char[] chars = p.getTextCharacters();
            int offset = p.getTextOffset();
            int length = p.getTextLength();
            if (length == 0 || (length == 1 && chars[offset] == '-')) {
                return whenAbsent;
            }
            long parsed = parseDecimal(chars, offset, length);
            if (parsed == NO_NUMBER) {
                throw FlowFieldException.invalid(
                        field,
                        "expected an integer, found string \"" + excerpt(p.getText()) + "\"");
            }
            return parsed;
        }
        throw wrongType(p, field, "an integer");
    }

    /** A port, 0 to 65535, or null when absent. */
    public static Integer port(JsonParser p, String field) throws IOException {
        long value = integer(p, field, NO_NUMBER);
        if (value == NO_NUMBER) {
            return null;
        }
        if (value < 0 || value > 65_535) {
            throw FlowFieldException.invalid(field, "port out of range 0-65535: " + value);
        }
        return (int) value;
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
                    return Timestamps.fromEpoch(integer(p, field, 0));
                case VALUE_NUMBER_FLOAT:
                    return fromFractionalEpoch(p.getDoubleValue());
                case VALUE_STRING:
                    return timestampText(p);
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
    public Labels labels(JsonParser p, String field) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return Labels.empty();
        }
        if (token == JsonToken.VALUE_STRING && text(p, field) == null) {
            return Labels.empty();
        }
        PairBuffer pairs = PAIRS.get();
        pairs.count = 0;
        if (token == JsonToken.START_ARRAY) {
            readLabelPairs(p, field, pairs);
        } else if (token == JsonToken.START_OBJECT) {
            readLabelObject(p, field, pairs);
        } else {
            throw wrongType(
                    p, field, "labels ({\"labels\":[\"k=v\"]}, [\"k=v\"] or {\"k\":\"v\"})");
        }
        return labelSets.get(pairs.pairs, pairs.count);
    }

    /**
     * A list of strings, written either as an array or as a single string; empty when absent.
     * Absent entries ({@code -}, null) are left out.
     */
    public List<String> strings(JsonParser p, String field) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (token == JsonToken.VALUE_STRING) {
            String single = text(p, field);
            return single == null ? List.of() : List.of(single);
        }
        if (token != JsonToken.START_ARRAY) {
            throw wrongType(p, field, "a string or an array of strings");
        }
        ListAccumulator<String> values = new ListAccumulator<>(field);
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String value = text(p, field);
            if (value != null) {
                values.add(value);
            }
        }
        return values.toList();
    }

    /**
     * True when the current value is the string {@code word}, exactly: compared in the parser's
     * buffer, so that the few words an enum-like field usually holds need no String or lookup.
     */
    public static boolean isText(JsonParser p, String word) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING || p.getTextLength() != word.length()) {
            return false;
        }
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        for (int i = 0; i < word.length(); i++) {
            if (chars[offset + i] != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * An L4 protocol as Tandem spells it: lower-case names ({@code tcp}), numbers mapped to names
     * where Calico knows one ({@code 6} gives {@code tcp}), other numbers as decimal text. Null
     * when absent.
     */
    public String protocol(JsonParser p, String field) throws IOException {
        if (isText(p, "tcp")) {
            return "tcp";
        }
        if (isText(p, "udp")) {
            return "udp";
        }
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NUMBER_INT) {
            return protocolName(integer(p, field, 0), field);
        }
        String text = text(p, field);
        if (text == null) {
            return null;
        }
        long number = parseDecimal(text);
        if (number != NO_NUMBER) {
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

    /**
     * Parses an optionally signed decimal long of at most 18 digits without throwing; {@link
     * #NO_NUMBER} when the text is not one.
     */
    public static long parseDecimal(String text) {
        int length = text.length();
        int i = 0;
        boolean negative = false;
        if (length > 0 && (text.charAt(0) == '-' || text.charAt(0) == '+')) {
            negative = text.charAt(0) == '-';
            i = 1;
        }
        if (i == length || length - i > 18) {
            return NO_NUMBER;
        }
        long value = 0;
        for (; i < length; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return NO_NUMBER;
            }
            value = value * 10 + (c - '0');
        }
        return negative ? -value : value;
    }

    private static long parseDecimal(char[] chars, int offset, int length) {
        int i = offset;
        int end = offset + length;
        boolean negative = false;
        if (length > 0 && (chars[i] == '-' || chars[i] == '+')) {
            negative = chars[i] == '-';
            i++;
        }
        if (i == end || end - i > 18) {
            return NO_NUMBER; // 18 digits always fit a long; longer is no counter or epoch we read.
        }
        long value = 0;
        for (; i < end; i++) {
            char c = chars[i];
            if (c < '0' || c > '9') {
                return NO_NUMBER;
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

    private static Instant timestampText(JsonParser p) throws IOException {
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        int length = p.getTextLength();
        if (length == 0 || (length == 1 && chars[offset] == '-')) {
            return null;
        }
        long epoch = parseDecimal(chars, offset, length);
        if (epoch != NO_NUMBER) {
            return Timestamps.fromEpoch(epoch);
        }
        String text = p.getText();
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

    private void readLabelObject(JsonParser p, String field, PairBuffer into) throws IOException {
        String key;
        while ((key = p.nextFieldName()) != null) {
            JsonToken token = p.nextToken();
            // Calico's own form wraps the pairs: {"labels":["k=v"]}. A map whose key is "labels"
            // has a string value instead, so the value's type tells the two apart.
            if ("labels".equals(key) && token == JsonToken.START_ARRAY) {
                readLabelPairs(p, field, into);
                continue;
            }
            if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                throw FlowFieldException.invalid(
                        field, "label '" + excerpt(key) + "' has a nested value; expected text");
            }
            if (token == JsonToken.VALUE_NULL) {
                continue;
            }
            String value = strings.get(p.getTextCharacters(), p.getTextOffset(), p.getTextLength());
            into.add(new LabelSetCache.Pair(key, value), field);
        }
    }

    private void readLabelPairs(JsonParser p, String field, PairBuffer into) throws IOException {
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token == JsonToken.VALUE_NULL) {
                continue;
            }
            if (token != JsonToken.VALUE_STRING) {
                throw wrongType(p, field + "[]", "a \"key=value\" string");
            }
            int length = p.getTextLength();
            if (length == 0) {
                continue;
            }
            // Looked up straight from the parser's buffer: a label seen before costs nothing.
            into.add(labelPairs.get(p.getTextCharacters(), p.getTextOffset(), length), field);
        }
    }

    /** As kubectl prints labels, an entry without '=' is a key with an empty value. */
    private static LabelSetCache.Pair labelPair(String text) {
        int eq = text.indexOf('=');
        if (eq < 0) {
            return new LabelSetCache.Pair(text, "");
        }
        return new LabelSetCache.Pair(text.substring(0, eq), text.substring(eq + 1));
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

    /**
     * The label pairs of one labels value while it is read; bounded by MAX_LABELS. The cache copies
     * what it keeps, so the buffer can be reused.
     */
    private static final class PairBuffer {
        LabelSetCache.Pair[] pairs = new LabelSetCache.Pair[4];
        int count;

        void add(LabelSetCache.Pair pair, String field) {
            if (count == pairs.length) {
                // Counted as read, duplicates included: a line with more entries than the bound
                // is broken or hostile whatever its keys.
                if (count >= DecoderLimits.MAX_LABELS) {
                    throw FlowFieldException.invalid(
                            field, "more than " + DecoderLimits.MAX_LABELS + " labels");
                }
                pairs = Arrays.copyOf(pairs, Math.min(count * 2, DecoderLimits.MAX_LABELS));
            }
            pairs[count++] = pair;
        }
    }
}
