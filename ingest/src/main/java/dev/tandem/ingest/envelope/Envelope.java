package dev.tandem.ingest.envelope;

import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.decode.Decoder;
import dev.tandem.ingest.model.PodContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One log line as it came out of its wrapper (container runtime, Fluent Bit), together with what
 * the wrapper said about where it came from. The line is still raw bytes: which format it is (Envoy
 * TEXT, Envoy JSON, something else) is for the next decoder to find out.
 *
 * <p>The line is a copy of the wrapper's bytes, never a view of a reader's buffer. The constructor
 * takes ownership of the array it is given instead of copying it again: the envelope decoders build
 * a fresh array for every line, and a second copy would cost a Fluent Bit record a quarter of its
 * allocation. Whoever builds an envelope by hand must not change the array afterwards. {@link
 * #line()} returns a copy; {@link #decodeLine} hands the line to a decoder with none.
 *
 * @param line the inner log line, without its trailing newline; never null; owned by the envelope
 * @param pod what the wrapper said about the pod that wrote the line, or null when it said nothing
 *     (CRI files, raw lines, Fluent Bit without the kubernetes filter)
 * @param loggedAt when the runtime or shipper recorded the line, or null when unknown; this is not
 *     the request time inside the line
 * @param stream {@code stdout} or {@code stderr}, or null when unknown
 */
public record Envelope(byte[] line, PodContext pod, Instant loggedAt, String stream) {
    public Envelope {
        Objects.requireNonNull(line, "line");
    }

    @Override
    public byte[] line() {
        return line.clone();
    }

    /** The number of bytes in the line. */
    public int lineLength() {
        return line.length;
    }

    /** The line as text, with malformed UTF-8 replaced; for logs, reports and tests. */
    public String lineText() {
        return new String(line, StandardCharsets.UTF_8);
    }

    /**
     * Decodes the inner line with {@code decoder}. Decoders are pure and never modify their input,
     * so the envelope's own array is passed without a copy.
     *
     * @param position where the envelope sits in its source, for the decoder's dead letters
     */
    public <T> Decoded<T> decodeLine(Decoder<T> decoder, long position) {
        return decoder.decode(line, 0, line.length, position);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Envelope
                && Arrays.equals(line, ((Envelope) other).line)
                && Objects.equals(pod, ((Envelope) other).pod)
                && Objects.equals(loggedAt, ((Envelope) other).loggedAt)
                && Objects.equals(stream, ((Envelope) other).stream);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(line), pod, loggedAt, stream);
    }

    @Override
    public String toString() {
        return "Envelope[stream="
                + stream
                + ", loggedAt="
                + loggedAt
                + ", pod="
                + pod
                + ", line="
                + LineBytes.preview(line)
                + "]";
    }
}
