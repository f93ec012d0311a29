package dev.tandem.ingest.decode;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import dev.tandem.ingest.text.Utf8;
import java.util.Arrays;

/** Builds dead letters and results for decoders, so that every decoder words them alike. */
public final class DeadLetters {
    private DeadLetters() {}

    /** A failed result carrying a copy of {@code bytes[offset, offset+length)}. */
    public static <T> Decoded<T> fail(
            String source,
            long position,
            DeadLetterReason reason,
            String detail,
            byte[] bytes,
            int offset,
            int length) {
        byte[] original = Arrays.copyOfRange(bytes, offset, offset + length);
        return Decoded.failed(new DeadLetter(source, position, reason, detail, original));
    }

    /**
     * The dead letter for input over the size cap, or null when it fits. Checked before any parsing
     * so that a 10 MB line costs no more than its length check.
     */
    public static <T> Decoded<T> failIfTooLarge(
            String source, long position, byte[] bytes, int offset, int length) {
        if (length <= DecoderLimits.MAX_RECORD_BYTES) {
            return null;
        }
        return fail(
                source,
                position,
                DeadLetterReason.TOO_LARGE,
                "record of "
                        + length
                        + " bytes exceeds the "
                        + DecoderLimits.MAX_RECORD_BYTES
                        + "-byte limit",
                bytes,
                offset,
                length);
    }

    /**
     * {@code parsed}, unless {@code bytes[offset, offset+length)} is not well-formed UTF-8 ({@link
     * Utf8}): then a {@code BAD_ENCODING} dead letter naming the first bad byte and its column
     * counted from {@code offset}, whatever the parse made of the bytes. Every decoder that hands
     * bytes to Jackson asks this, since Jackson reads some malformed forms instead of refusing them
     * (the overlong {@code C0 AF} as {@code /}).
     *
     * <p>Asked after parsing, not before: the parse has just brought the line into the CPU cache,
     * where the scan is a small fraction of the decode; run first, it would wait on memory for
     * every line that was not read a moment ago. Parsing a malformed line first wastes only that
     * line's parse.
     */
    public static <T> Decoded<T> orBadEncoding(
            Decoded<T> parsed, String source, long position, byte[] bytes, int offset, int length) {
        int at = Utf8.firstMalformed(bytes, offset, offset + length);
        if (at < 0) {
            return parsed;
        }
        return fail(
                source,
                position,
                DeadLetterReason.BAD_ENCODING,
                Utf8.malformedDetail(bytes, at, at - offset + 1),
                bytes,
                offset,
                length);
    }

    /**
     * The dead letter for a Jackson parse error: invalid UTF-8 and exceeded limits get their own
     * reasons; everything else is malformed JSON. (Invalid UTF-8 only as a backstop: decoders also
     * ask {@link #orBadEncoding}, which is stricter than Jackson.) The detail is Jackson's message
     * without its multi-line source excerpt.
     */
    public static <T> Decoded<T> failJson(
            String source,
            long position,
            JsonProcessingException e,
            byte[] bytes,
            int offset,
            int length) {
        String message = e.getOriginalMessage();
        DeadLetterReason reason;
        if (e instanceof StreamConstraintsException) {
            reason = DeadLetterReason.MALFORMED_JSON;
            message = "JSON exceeds a limit: " + message;
        } else if (message != null && message.contains("Invalid UTF-8")) {
            reason = DeadLetterReason.BAD_ENCODING;
        } else {
            reason = DeadLetterReason.MALFORMED_JSON;
        }
        String where = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
        return fail(source, position, reason, oneLine(message) + where, bytes, offset, length);
    }

    /** Collapses a message to one line of at most 300 characters. */
    public static String oneLine(String message) {
        if (message == null) {
            return "(no message)";
        }
        String flat = message.replace('\n', ' ').replace('\r', ' ');
        return flat.length() <= 300 ? flat : flat.substring(0, 300) + "...";
    }
}
