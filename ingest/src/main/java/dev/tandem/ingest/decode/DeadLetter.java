package dev.tandem.ingest.decode;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * An input Tandem could not read, kept with its original bytes so nothing is lost and it can be
 * replayed once the cause is fixed.
 *
 * @param source where it came from: a decoder kind and, when known, a file or topic ({@code
 *     envoy-text}, {@code calico:/var/log/calico/flowlogs/flows.log})
 * @param position where in the source: line number for files, offset for topics, -1 when unknown
 * @param reason the category, for counting
 * @param detail one line saying what was wrong, for a person
 * @param original the bytes as they arrived (a defensive copy is kept and returned)
 */
public record DeadLetter(
        String source, long position, DeadLetterReason reason, String detail, byte[] original) {
    public DeadLetter {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
        original = original == null ? new byte[0] : original.clone();
    }

    @Override
    public byte[] original() {
        return original.clone();
    }

    /** The original bytes as text, with malformed UTF-8 replaced; for logs and reports. */
    public String originalText() {
        return new String(original, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeadLetter
                && source.equals(((DeadLetter) other).source)
                && position == ((DeadLetter) other).position
                && reason == ((DeadLetter) other).reason
                && detail.equals(((DeadLetter) other).detail)
                && Arrays.equals(original, ((DeadLetter) other).original);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, position, reason, detail, Arrays.hashCode(original));
    }

    @Override
    public String toString() {
        return "DeadLetter[" + source + "@" + position + " " + reason + ": " + detail + "]";
    }
}
