package dev.tandem.ingest.envoy;

import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.text.Utf8;
import java.nio.charset.StandardCharsets;

/**
 * The fields of one Envoy TEXT line, found in a single pass over its bytes: where each field starts
 * and ends, and which were quoted. Nothing is copied until a decoder asks for a field.
 *
 * <p>Field rules, matching what Envoy writes: fields are separated by spaces; {@code [...]} is the
 * start time; {@code "..."} is a quoted field that may hold spaces and ends at a quote followed by
 * a space or the end of the line (Envoy does not escape quotes, so a quote inside a user agent is
 * kept unless a space follows it); an unquoted field ends at a space outside {@code {...}}, which
 * keeps response code details such as {@code
 * upstream_reset_before_response_started{connection_failure,...}} whole even if a space crept in.
 * The scan also checks UTF-8 (with the strict {@link Utf8} every decoder shares) and rejects
 * control characters, so a valid result needs no second look.
 */
final class TextTokens {
    /** The most fields a layout Tandem reads has (22, plus the optional peer SPIFFE id). */
    static final int MAX_KEPT = 24;

    private final byte[] bytes;
    private final int lineStart;
    private final int[] bounds = new int[MAX_KEPT * 2];
    private int count;
    private long quotedMask;

    private TextTokens(byte[] bytes, int lineStart) {
        this.bytes = bytes;
        this.lineStart = lineStart;
    }

    /**
     * Scans {@code bytes[from, to)}, a line already stripped of its line ending, whose first byte
     * is {@code [}.
     *
     * @throws Rejection for invalid UTF-8, control characters or unterminated fields
     */
    static TextTokens scan(byte[] bytes, int from, int to) {
        TextTokens tokens = new TextTokens(bytes, from);
        int i = from;
        while (i < to) {
            byte b = bytes[i];
            if (b == ' ') {
                i++;
                continue;
            }
            int start;
            int end;
            if (b == '"') {
                start = i + 1;
                end = tokens.closingQuote(start, to);
                i = end + 1;
                tokens.markQuoted();
            } else if (b == '[' && tokens.count == 0) {
                start = i + 1;
                end = tokens.closingBracket(start, to);
                i = end + 1;
            } else {
                start = i;
                end = tokens.bareEnd(i, to);
                i = end;
            }
            tokens.keep(start, end);
        }
        return tokens;
    }

    private int closingQuote(int from, int to) {
        int j = from;
        while (j < to) {
            byte b = bytes[j];
            if (b >= ' ' && b != '"') {
                j++;
            } else if (b == '"') {
                if (j + 1 == to || bytes[j + 1] == ' ') {
                    return j;
                }
                j++;
            } else if (b == '\t') {
                j++;
            } else {
                j += special(j, to);
            }
        }
        throw new Rejection(
                DeadLetterReason.MALFORMED_TEXT,
                "field "
                        + (count + 1)
                        + " opens a quote at column "
                        + column(from - 1)
                        + " that is never closed");
    }

    private int closingBracket(int from, int to) {
        int j = from;
        while (j < to) {
            byte b = bytes[j];
            if (b == ']') {
                return j;
            }
            j += b > ' ' ? 1 : special(j, to);
        }
        throw new Rejection(
                DeadLetterReason.MALFORMED_TEXT, "the '[' before START_TIME is never closed");
    }

    private int bareEnd(int from, int to) {
        int depth = 0;
        int j = from;
        while (j < to) {
            byte b = bytes[j];
            if (b > ' ' && b != '{' && b != '}') {
                j++;
            } else if (b == '{') {
                depth++;
                j++;
            } else if (b == '}') {
                depth = Math.max(0, depth - 1);
                j++;
            } else if (b == ' ') {
                if (depth == 0) {
                    return j;
                }
                j++;
            } else {
                j += special(j, to);
            }
        }
        return to;
    }

    /**
     * Steps over a byte the fast paths do not take: a UTF-8 sequence (returns its length) or a
     * control character (rejected: Envoy writes one line per request, so a control character means
     * two lines were glued together or the bytes are not a log line).
     */
    private int special(int at, int to) {
        byte b = bytes[at];
        if (b < 0) {
            int length = Utf8.sequenceLength(bytes, at, to);
            if (length < 0) {
                throw new Rejection(
                        DeadLetterReason.BAD_ENCODING, Utf8.malformedDetail(bytes, at, column(at)));
            }
            return length;
        }
        if (b == ' ') {
            return 1;
        }
        throw new Rejection(
                DeadLetterReason.MALFORMED_TEXT,
                "control character 0x"
                        + String.format("%02X", b)
                        + " at column "
                        + column(at)
                        + " (an access log line holds none)");
    }

    private void markQuoted() {
        if (count < Long.SIZE) {
            quotedMask |= 1L << count;
        }
    }

    private void keep(int start, int end) {
        if (count < MAX_KEPT) {
            bounds[2 * count] = start;
            bounds[2 * count + 1] = end;
        }
        count++;
    }

    private int column(int at) {
        return at - lineStart + 1;
    }

    /** How many fields the line has, the bracketed start time and quoted request line included. */
    int count() {
        return count;
    }

    /** Bit i is set when field i was quoted (fields past the 64th are not recorded). */
    long quotedMask() {
        return quotedMask;
    }

    int start(int index) {
        return bounds[2 * index];
    }

    int end(int index) {
        return bounds[2 * index + 1];
    }

    byte[] bytes() {
        return bytes;
    }

    /** True when the field is empty or {@code -}, Envoy's "no value". */
    boolean isAbsent(int index) {
        int start = start(index);
        int length = end(index) - start;
        return length == 0 || (length == 1 && bytes[start] == '-');
    }

    /** The field as text, or null when absent. */
    String text(int index) {
        if (isAbsent(index)) {
            return null;
        }
        return new String(bytes, start(index), end(index) - start(index), StandardCharsets.UTF_8);
    }

    /** The field as an unsigned decimal number, or -1 when absent. */
    long number(int index, String field) {
        if (isAbsent(index)) {
            return -1;
        }
        int start = start(index);
        int end = end(index);
        if (end - start > ProxyFields.MAX_NUMBER_DIGITS) {
            throw ProxyFields.invalid(field, "number too long: " + ProxyFields.quote(raw(index)));
        }
        long value = 0;
        for (int i = start; i < end; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                throw ProxyFields.invalid(field, "not a number: " + ProxyFields.quote(raw(index)));
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** The field exactly as written, for error messages. */
    String raw(int index) {
        return new String(bytes, start(index), end(index) - start(index), StandardCharsets.UTF_8);
    }
}
