package dev.tandem.ingest.envelope;

import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.Timestamps;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Reads the header of a CRI log line, {@code <RFC 3339 time> <stdout|stderr> <tags> <text>}, the
 * format containerd and CRI-O write to {@code /var/log/containers/*.log}. The tags are separated by
 * {@code :}; only the first one means anything today ({@code F} full, {@code P} partial), the rest
 * are skipped as the kubelet does, for forward compatibility.
 */
final class CriLineParser {
    /** Longer than any RFC 3339 timestamp with nanoseconds and an offset. */
    private static final int MAX_TIMESTAMP_BYTES = 40;

    private CriLineParser() {}

    /**
     * Parses {@code bytes[from, to)}, a line without its terminator.
     *
     * @throws RejectedInput when the line is not in CRI format, naming what is wrong
     */
    static CriLine parse(byte[] bytes, int from, int to) throws RejectedInput {
        int timeEnd = indexOfSpace(bytes, from, to);
        if (timeEnd < 0) {
            throw malformed("not a CRI log line: no space after the timestamp");
        }
        Instant loggedAt = timestamp(bytes, from, timeEnd);
        int streamEnd = indexOfSpace(bytes, timeEnd + 1, to);
        if (streamEnd < 0) {
            throw malformed("not a CRI log line: no log tag after the stream");
        }
        String stream = stream(bytes, timeEnd + 1, streamEnd);
        int tagsEnd = indexOfSpace(bytes, streamEnd + 1, to);
        int textFrom = tagsEnd < 0 ? to : tagsEnd + 1;
        boolean partial = partial(bytes, streamEnd + 1, tagsEnd < 0 ? to : tagsEnd);
        return new CriLine(loggedAt, stream, partial, textFrom, to);
    }

    private static Instant timestamp(byte[] bytes, int from, int to) throws RejectedInput {
        if (to - from > MAX_TIMESTAMP_BYTES) {
            throw malformed("not a CRI log line: the first field is not a timestamp");
        }
        try {
            return Timestamps.parseRfc3339(
                    new String(bytes, from, to - from, StandardCharsets.ISO_8859_1));
        } catch (RuntimeException e) {
            throw malformed("not a CRI log line: " + e.getMessage());
        }
    }

    private static String stream(byte[] bytes, int from, int to) throws RejectedInput {
        if (equalsAscii(bytes, from, to, CriLine.STDOUT)) {
            return CriLine.STDOUT;
        }
        if (equalsAscii(bytes, from, to, CriLine.STDERR)) {
            return CriLine.STDERR;
        }
        throw malformed(
                "CRI stream must be stdout or stderr, was '"
                        + new String(bytes, from, Math.min(to - from, 20), StandardCharsets.UTF_8)
                        + "'");
    }

    private static boolean partial(byte[] bytes, int from, int to) throws RejectedInput {
        int firstTagEnd = from;
        while (firstTagEnd < to && bytes[firstTagEnd] != ':') {
            firstTagEnd++;
        }
        if (firstTagEnd - from == 1 && bytes[from] == 'F') {
            return false;
        }
        if (firstTagEnd - from == 1 && bytes[from] == 'P') {
            return true;
        }
        throw malformed(
                "CRI log tag must start with F or P, was '"
                        + new String(bytes, from, Math.min(to - from, 20), StandardCharsets.UTF_8)
                        + "'");
    }

    private static int indexOfSpace(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == ' ') {
                return i;
            }
        }
        return -1;
    }

    private static boolean equalsAscii(byte[] bytes, int from, int to, String expected) {
        if (to - from != expected.length()) {
            return false;
        }
        for (int i = 0; i < expected.length(); i++) {
            if (bytes[from + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static RejectedInput malformed(String detail) {
        return new RejectedInput(DeadLetterReason.MALFORMED_TEXT, detail);
    }
}
