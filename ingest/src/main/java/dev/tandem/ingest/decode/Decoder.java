package dev.tandem.ingest.decode;

/**
 * Turns the bytes of one input record (a log line, a JSON object) into a canonical record or a dead
 * letter. Implementations are pure and thread-safe: same bytes in, same result out; they never
 * throw, and never look at more than {@link DecoderLimits#MAX_RECORD_BYTES} bytes.
 */
public interface Decoder<T> {

    /**
     * Decodes {@code length} bytes of {@code bytes} from {@code offset}.
     *
     * @param position where the input sits in its source (line number, offset), for dead letters
     */
    Decoded<T> decode(byte[] bytes, int offset, int length, long position);

    /** Decodes a whole array. */
    default Decoded<T> decode(byte[] bytes, long position) {
        return decode(bytes, 0, bytes.length, position);
    }

    /**
     * The name this decoder gives its dead letters' source ({@code calico}, {@code envoy-text}).
     */
    String sourceName();
}
