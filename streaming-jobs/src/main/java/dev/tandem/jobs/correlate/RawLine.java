package dev.tandem.jobs.correlate;

import java.util.Objects;

/**
 * One raw line of a log stream as a source read it, before decoding.
 *
 * @param stream names the stream the line belongs to (a file path, {@code topic-partition}); lines
 *     of one stream are decoded in order by one decoder, which is what joins CRI partial lines
 * @param position the line number in a file or the offset in a partition
 * @param bytes the line without its line break (at most the reader's cap)
 * @param fullLength the line's length before the reader cut it; more than {@code bytes.length} when
 *     the line was over the cap
 */
public record RawLine(String stream, long position, byte[] bytes, long fullLength) {
    public RawLine {
        Objects.requireNonNull(stream, "stream");
        Objects.requireNonNull(bytes, "bytes");
    }

    /** A line that was read whole. */
    public static RawLine of(String stream, long position, byte[] bytes) {
        return new RawLine(stream, position, bytes, bytes.length);
    }

    /** True when the reader cut the line at its cap. */
    public boolean truncated() {
        return fullLength > bytes.length;
    }
}
