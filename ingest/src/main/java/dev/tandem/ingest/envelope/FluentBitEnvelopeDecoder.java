package dev.tandem.ingest.envelope;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.DeadLetters;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.decode.Decoder;
import dev.tandem.ingest.decode.JsonSupport;
import dev.tandem.ingest.decode.Timestamps;
import dev.tandem.ingest.model.PodContext;
import java.io.IOException;
import java.time.Instant;

/**
 * Unwraps a Fluent Bit record, as its JSON outputs write it after the kubernetes filter: the object
 * {@code {"log":"...","stream":"stdout","kubernetes":{...}}}, or the forward form {@code
 * [1554141513.598656,{...}]} (fractional epoch seconds, then the record), or Fluent Bit 2.1+'s
 * {@code [[1554141513.598656,{metadata}],{...}]}.
 *
 * <p>What is read and why:
 *
 * <ul>
 *   <li>{@code log} is the inner line (one trailing newline dropped). Fluent Bit's stock {@code
 *       cri} parser names it {@code message}, so {@code message} is used when there is no {@code
 *       log}. Neither present: {@link DeadLetterReason#MISSING_FIELD}.
 *   <li>The time is the array's timestamp (Fluent Bit's event time); a record without one (the
 *       plain object form) uses its {@code time} field when that is RFC 3339, else it has none. A
 *       {@code time} that does not parse is not an error: with {@code Merge_Log} it may be the
 *       application's own key.
 *   <li>{@code stream} is kept when it is {@code stdout} or {@code stderr}.
 *   <li>{@code logtag} {@code P} (the {@code cri} parser without {@code multiline.parser cri}), or
 *       {@code _p} {@code P} ({@code multiline.parser cri}, which joins the pieces itself but sends
 *       one alone when the rest is late) marks a piece of a split line: dead-lettered as {@link
 *       DeadLetterReason#UNSUPPORTED_FORMAT}, since a piece of an access log line cannot be read.
 *   <li>{@code kubernetes} becomes the {@link PodContext}; {@code kubernetes_namespace} (namespace
 *       labels) is skipped, because the inventory is where namespaces come from. Every other key
 *       (the keys {@code Merge_Log} lifts out of the line) is skipped.
 * </ul>
 *
 * Thread-safe.
 */
public final class FluentBitEnvelopeDecoder implements Decoder<Envelope> {
    private static final String PARTIAL_LOGTAG =
            "partial line (logtag P); tail with multiline.parser cri to have Fluent Bit join split"
                    + " lines";

    private static final String PARTIAL_MULTILINE =
            "partial line (_p P): multiline.parser cri sent a piece of a split line alone, as it"
                    + " does when the rest does not come within its flush timeout";

    /** The source name of this decoder's dead letters. */
    public static final String SOURCE_NAME = "fluent-bit";

    @Override
    public Decoded<Envelope> decode(byte[] bytes, int offset, int length, long position) {
        Decoded<Envelope> tooLarge =
                DeadLetters.failIfTooLarge(SOURCE_NAME, position, bytes, offset, length);
        if (tooLarge != null) {
            return tooLarge;
        }
        if (LineBytes.isBlank(bytes, offset, offset + length)) {
            return fail(DeadLetterReason.EMPTY, "blank line", bytes, offset, length, position);
        }
        // Checked over the whole record, so the log line it carries is well-formed too.
        Decoded<Envelope> parsed = parse(bytes, offset, length, position);
        return DeadLetters.orBadEncoding(parsed, SOURCE_NAME, position, bytes, offset, length);
    }

    private static Decoded<Envelope> parse(byte[] bytes, int offset, int length, long position) {
        try (JsonParser p = JsonSupport.factory().createParser(bytes, offset, length)) {
            return Decoded.ok(read(p));
        } catch (RejectedInput e) {
            return fail(e.reason(), e.getMessage(), bytes, offset, length, position);
        } catch (JsonProcessingException e) {
            return DeadLetters.failJson(SOURCE_NAME, position, e, bytes, offset, length);
        } catch (IOException | RuntimeException e) {
            return fail(
                    DeadLetterReason.UNKNOWN_FORMAT,
                    "unexpected error reading a Fluent Bit record: " + e,
                    bytes,
                    offset,
                    length,
                    position);
        }
    }

    @Override
    public String sourceName() {
        return SOURCE_NAME;
    }

    private static Envelope read(JsonParser p) throws IOException, RejectedInput {
        JsonToken t = p.nextToken();
        Record record;
        if (t == JsonToken.START_ARRAY) {
            record = readForwardForm(p);
        } else if (t == JsonToken.START_OBJECT) {
            record = readRecord(p, null);
        } else {
            throw new RejectedInput(
                    DeadLetterReason.UNKNOWN_FORMAT,
                    "not a Fluent Bit record: expected a JSON object or a [time, record] array, was "
                            + KubernetesMetadataReader.describe(t));
        }
        if (p.nextToken() != null) {
            throw new RejectedInput(
                    DeadLetterReason.MALFORMED_JSON, "unexpected content after the record");
        }
        return record.toEnvelope();
    }

    /** {@code [time, record]} or {@code [[time, metadata], record]}; later elements are skipped. */
    private static Record readForwardForm(JsonParser p) throws IOException, RejectedInput {
        JsonToken t = p.nextToken();
        Instant time;
        if (t == JsonToken.START_ARRAY) {
            time = epochSeconds(p, p.nextToken());
            skipRestOfArray(p);
        } else {
            time = epochSeconds(p, t);
        }
        t = p.nextToken();
        if (t != JsonToken.START_OBJECT) {
            throw new RejectedInput(
                    DeadLetterReason.INVALID_FIELD,
                    "the second element of a Fluent Bit [time, record] array must be an object, was "
                            + KubernetesMetadataReader.describe(t));
        }
        Record record = readRecord(p, time);
        skipRestOfArray(p);
        return record;
    }

    private static void skipRestOfArray(JsonParser p) throws IOException {
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY && t != null) {
            p.skipChildren();
        }
    }

    private static Instant epochSeconds(JsonParser p, JsonToken t)
            throws IOException, RejectedInput {
        if (t != JsonToken.VALUE_NUMBER_FLOAT && t != JsonToken.VALUE_NUMBER_INT) {
            throw new RejectedInput(
                    DeadLetterReason.INVALID_FIELD,
                    "the Fluent Bit timestamp must be a number of epoch seconds, was "
                            + KubernetesMetadataReader.describe(t));
        }
        double seconds = p.getDoubleValue();
        try {
            return Timestamps.fromEpochSeconds(seconds);
        } catch (RuntimeException e) {
            throw new RejectedInput(
                    DeadLetterReason.INVALID_FIELD,
                    "the Fluent Bit timestamp " + seconds + " is not a representable time");
        }
    }

    private static Record readRecord(JsonParser p, Instant eventTime)
            throws IOException, RejectedInput {
        Record record = new Record();
        record.loggedAt = eventTime;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            switch (name) {
                case "log" -> record.log = line(p, value, "log");
                case "message" -> {
                    // Only a fallback for "log", and often an application key lifted by
                    // Merge_Log: anything but a string is not ours to judge.
                    if (value == JsonToken.VALUE_STRING) {
                        record.message = line(p, value, "message");
                    } else {
                        p.skipChildren();
                    }
                }
                case "stream" -> record.stream = stream(p, value);
                case "time" -> {
                    if (eventTime == null && value == JsonToken.VALUE_STRING) {
                        record.loggedAt = rfc3339OrNull(p.getText());
                    }
                }
                case "logtag" -> {
                    if (value == JsonToken.VALUE_STRING && p.getText().startsWith("P")) {
                        record.partial = PARTIAL_LOGTAG;
                    }
                }
                case "_p" -> {
                    if (value == JsonToken.VALUE_STRING && p.getText().startsWith("P")) {
                        record.partial = PARTIAL_MULTILINE;
                    }
                }
                case "kubernetes" -> record.pod = pod(p, value);
                default -> p.skipChildren();
            }
        }
        return record;
    }

    /** A log line's bytes, without one trailing newline; null for JSON null. */
    private static byte[] line(JsonParser p, JsonToken value, String name)
            throws IOException, RejectedInput {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new RejectedInput(
                    DeadLetterReason.INVALID_FIELD,
                    "\""
                            + name
                            + "\" must be a string, was "
                            + KubernetesMetadataReader.describe(value));
        }
        char[] chars = p.getTextCharacters();
        int from = p.getTextOffset();
        int length = p.getTextLength();
        if (length > 0 && chars[from + length - 1] == '\n') {
            length--;
            if (length > 0 && chars[from + length - 1] == '\r') {
                length--;
            }
        }
        return Utf8Chars.encode(chars, from, length);
    }

    private static String stream(JsonParser p, JsonToken value) throws IOException {
        if (value != JsonToken.VALUE_STRING) {
            p.skipChildren();
            return null;
        }
        String text = p.getText();
        if (CriLine.STDOUT.equals(text)) {
            return CriLine.STDOUT;
        }
        return CriLine.STDERR.equals(text) ? CriLine.STDERR : null;
    }

    private static PodContext pod(JsonParser p, JsonToken value) throws IOException, RejectedInput {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.START_OBJECT) {
            throw new RejectedInput(
                    DeadLetterReason.INVALID_FIELD,
                    "\"kubernetes\" must be an object, was "
                            + KubernetesMetadataReader.describe(value));
        }
        return KubernetesMetadataReader.read(p);
    }

    private static Instant rfc3339OrNull(String text) {
        try {
            return Timestamps.parseRfc3339(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static Decoded<Envelope> fail(
            DeadLetterReason reason,
            String detail,
            byte[] bytes,
            int offset,
            int length,
            long position) {
        return DeadLetters.fail(
                SOURCE_NAME, position, reason, DeadLetters.oneLine(detail), bytes, offset, length);
    }

    /** The fields of one record while it is read; duplicate keys: the last one wins. */
    private static final class Record {
        private byte[] log;
        private byte[] message;
        private String stream;
        private Instant loggedAt;

        /** Why the record is a piece of a split line; null when it is whole. */
        private String partial;

        private PodContext pod;

        Envelope toEnvelope() throws RejectedInput {
            byte[] line = log != null ? log : message;
            if (line == null) {
                throw new RejectedInput(
                        DeadLetterReason.MISSING_FIELD,
                        "no \"log\" field (with Merge_Log, set Keep_Log On to keep it)");
            }
            if (partial != null) {
                throw new RejectedInput(DeadLetterReason.UNSUPPORTED_FORMAT, partial);
            }
            if (LineBytes.isBlank(line, 0, line.length)) {
                throw new RejectedInput(DeadLetterReason.EMPTY, "\"log\" is blank");
            }
            return new Envelope(line, pod, loggedAt, stream);
        }
    }
}
