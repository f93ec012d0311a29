package dev.tandem.ingest.envelope;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.DeadLetters;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.decode.DecoderLimits;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a CRI log file line by line and joins partial lines into whole records.
 *
 * <p>Why it keeps state: a container runtime writes a line longer than its buffer (16 KiB in
 * containerd) as several lines, every one but the last tagged {@code P}, the last tagged {@code F}.
 * Only a reader that remembers the earlier pieces can give back the line the container wrote, so
 * this class is not a {@link dev.tandem.ingest.decode.Decoder} and is <b>not thread-safe</b>: use
 * one joiner per file, fed in file order.
 *
 * <p>Like the kubelet, it keeps one run of pieces per stream: a {@code P} line on stdout followed
 * by an {@code F} line on stderr completes the stderr record alone, and the stdout run goes on.
 *
 * <p>Bounds: a joined record may not exceed {@link DecoderLimits#MAX_RECORD_BYTES}. Once a run
 * grows past it, the joiner stops keeping its text, and at the run's {@code F} line returns one
 * {@link DeadLetterReason#TOO_LARGE} dead letter for the whole record; the next line starts afresh.
 * A joined record's dead letter carries at most its first {@value #DEAD_LETTER_PREFIX_BYTES} bytes,
 * its position is that of the run's first line, and the envelope's time is the first piece's.
 */
public final class CriPartialLineJoiner {
    /** How much of a joined record a dead letter keeps: enough to recognise it, never megabytes. */
    public static final int DEAD_LETTER_PREFIX_BYTES = 64 * 1024;

    private final String source;
    private final PartialRun stdout = new PartialRun(CriLine.STDOUT);
    private final PartialRun stderr = new PartialRun(CriLine.STDERR);

    /** A joiner whose dead letters name the source {@code cri}. */
    public CriPartialLineJoiner() {
        this(CriEnvelopeDecoder.SOURCE_NAME);
    }

    /**
     * A joiner whose dead letters name {@code source}, for example {@code
     * cri:/var/log/containers/reviews-v1-abc_default_istio-proxy-123.log}.
     */
    public CriPartialLineJoiner(String source) {
        this.source = Objects.requireNonNull(source, "source");
    }

    /**
     * Takes the next line of the file. Returns the record this line completes (an envelope or a
     * dead letter), or empty when the line is a piece of a record that is not complete yet. Never
     * throws.
     *
     * @param position the line's position in the file (line number or byte offset)
     */
    public Optional<Decoded<Envelope>> accept(byte[] bytes, int offset, int length, long position) {
        try {
            return Optional.ofNullable(join(bytes, offset, length, position));
        } catch (RuntimeException e) {
            return Optional.of(
                    fail(
                            DeadLetterReason.UNKNOWN_FORMAT,
                            "unexpected error joining a CRI line: " + e,
                            bytes,
                            offset,
                            length,
                            position));
        }
    }

    /** Takes a whole array as the next line; see {@link #accept(byte[], int, int, long)}. */
    public Optional<Decoded<Envelope>> accept(byte[] line, long position) {
        return accept(line, 0, line.length, position);
    }

    /**
     * Ends the file (or a rotation): every run still waiting for its {@code F} line becomes a
     * {@link DeadLetterReason#MALFORMED_TEXT} dead letter, in the order the runs started, and the
     * joiner is empty again. A record cut off this way is incomplete, so it is not passed on as if
     * it were a whole line.
     */
    public List<Decoded<Envelope>> finish() {
        List<Decoded<Envelope>> unfinished = new ArrayList<>(2);
        PartialRun first = stdout;
        PartialRun second = stderr;
        if (stdout.started && stderr.started && stderr.startPosition < stdout.startPosition) {
            first = stderr;
            second = stdout;
        }
        for (PartialRun run : List.of(first, second)) {
            if (run.started) {
                unfinished.add(
                        Decoded.failed(
                                run.deadLetter(
                                        source,
                                        DeadLetterReason.MALFORMED_TEXT,
                                        run.stream
                                                + " record of "
                                                + run.totalBytes
                                                + " bytes in partial lines never ended with an F"
                                                + " line (file ended or was rotated)")));
                run.reset();
            }
        }
        return unfinished;
    }

    private Decoded<Envelope> join(byte[] bytes, int offset, int length, long position) {
        int end = LineBytes.endWithoutTerminator(bytes, offset, length);
        if (LineBytes.isBlank(bytes, offset, end)) {
            return fail(DeadLetterReason.EMPTY, "blank line", bytes, offset, length, position);
        }
        CriLine line;
        try {
            line = CriLineParser.parse(bytes, offset, end);
        } catch (RejectedInput e) {
            Decoded<Envelope> tooLarge =
                    DeadLetters.failIfTooLarge(source, position, bytes, offset, length);
            return tooLarge != null
                    ? tooLarge
                    : fail(e.reason(), e.getMessage(), bytes, offset, length, position);
        }
        PartialRun run = CriLine.STDOUT.equals(line.stream()) ? stdout : stderr;
        if (!run.started
                && !line.partial()
                && line.textLength() <= DecoderLimits.MAX_RECORD_BYTES) {
            // The common case, a whole line: no copy into the run buffer.
            if (LineBytes.isBlank(bytes, line.textFrom(), line.textTo())) {
                return fail(
                        DeadLetterReason.EMPTY,
                        "CRI line carries no text after its tag",
                        bytes,
                        offset,
                        length,
                        position);
            }
            return Decoded.ok(CriEnvelopeDecoder.toEnvelope(line, bytes));
        }
        if (!run.started) {
            run.start(position, line);
        }
        run.append(bytes, line.textFrom(), line.textTo());
        if (line.partial()) {
            return null;
        }
        Decoded<Envelope> joined = run.complete(source);
        run.reset();
        return joined;
    }

    private Decoded<Envelope> fail(
            DeadLetterReason reason,
            String detail,
            byte[] bytes,
            int offset,
            int length,
            long position) {
        return DeadLetters.fail(
                source, position, reason, DeadLetters.oneLine(detail), bytes, offset, length);
    }

    /** The pieces of one stream's record so far. */
    private static final class PartialRun {
        /**
         * Buffers above this are dropped after their record, so one huge line does not pin memory.
         */
        private static final int RETAINED_CAPACITY = 64 * 1024;

        private final String stream;
        private boolean started;
        private long startPosition;
        private Instant loggedAt;
        private byte[] buffer = new byte[0];
        private int kept;
        private long totalBytes;

        PartialRun(String stream) {
            this.stream = stream;
        }

        void start(long position, CriLine first) {
            started = true;
            startPosition = position;
            loggedAt = first.loggedAt();
        }

        void append(byte[] bytes, int from, int to) {
            int n = to - from;
            totalBytes += n;
            if (totalBytes > DecoderLimits.MAX_RECORD_BYTES) {
                // Too large already: keep only the prefix a dead letter will carry.
                kept = Math.min(kept, DEAD_LETTER_PREFIX_BYTES);
                n = Math.min(n, DEAD_LETTER_PREFIX_BYTES - kept);
            }
            if (kept + n > buffer.length) {
                int capacity = Math.max(kept + n, Math.max(256, buffer.length * 2));
                buffer = Arrays.copyOf(buffer, Math.min(capacity, DecoderLimits.MAX_RECORD_BYTES));
            }
            System.arraycopy(bytes, from, buffer, kept, n);
            kept += n;
        }

        Decoded<Envelope> complete(String source) {
            if (totalBytes > DecoderLimits.MAX_RECORD_BYTES) {
                return Decoded.failed(
                        deadLetter(
                                source,
                                DeadLetterReason.TOO_LARGE,
                                stream
                                        + " record of "
                                        + totalBytes
                                        + " bytes joined from partial lines exceeds the "
                                        + DecoderLimits.MAX_RECORD_BYTES
                                        + "-byte limit"));
            }
            if (LineBytes.isBlank(buffer, 0, kept)) {
                return Decoded.failed(
                        deadLetter(
                                source,
                                DeadLetterReason.EMPTY,
                                stream + " record joined from partial lines is blank"));
            }
            return Decoded.ok(new Envelope(Arrays.copyOf(buffer, kept), null, loggedAt, stream));
        }

        DeadLetter deadLetter(String source, DeadLetterReason reason, String detail) {
            byte[] prefix = Arrays.copyOf(buffer, Math.min(kept, DEAD_LETTER_PREFIX_BYTES));
            return new DeadLetter(source, startPosition, reason, detail, prefix);
        }

        void reset() {
            started = false;
            startPosition = 0;
            loggedAt = null;
            kept = 0;
            totalBytes = 0;
            if (buffer.length > RETAINED_CAPACITY) {
                buffer = new byte[0];
            }
        }
    }
}
