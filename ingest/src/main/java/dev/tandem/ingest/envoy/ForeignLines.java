package dev.tandem.ingest.envoy;

import static dev.tandem.ingest.text.AsciiBytes.indexOf;

import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.text.AsciiBytes;

/**
 * Names the kind of a line that is not an Envoy TEXT line, so that its dead letter tells the
 * operator what was fed in by mistake. Runs only for rejected lines, never on the happy path.
 */
final class ForeignLines {
    /** ztunnel's structured access log keys; no Envoy field is written as {@code key=value}. */
    private static final byte[][] ZTUNNEL_KEYS = {
        AsciiBytes.of("src.addr="),
        AsciiBytes.of("dst.addr="),
        AsciiBytes.of("dst.hbone_addr="),
        AsciiBytes.of("src.identity=")
    };

    private static final byte[] CRI_STDOUT = AsciiBytes.of(" stdout ");
    private static final byte[] CRI_STDERR = AsciiBytes.of(" stderr ");

    private ForeignLines() {}

    /** The rejection for {@code bytes[from, to)}, a non-blank line that does not open with '['. */
    static Rejection describe(byte[] bytes, int from, int to) {
        for (byte[] key : ZTUNNEL_KEYS) {
            if (indexOf(bytes, from, to, key) >= 0) {
                return new Rejection(
                        DeadLetterReason.UNSUPPORTED_FORMAT,
                        "an Istio ambient ztunnel access log line (key=value L4 log), not an"
                                + " Envoy access log line");
            }
        }
        if (bytes[from] == '{') {
            return new Rejection(
                    DeadLetterReason.UNKNOWN_FORMAT,
                    "a JSON object, not an Envoy TEXT line (the envoy-json decoder reads Istio's"
                            + " JSON encoding)");
        }
        int stream =
                Math.max(
                        indexOf(bytes, from, to, CRI_STDOUT), indexOf(bytes, from, to, CRI_STDERR));
        if (stream > from && stream - from <= 40 && Character.isDigit(bytes[from])) {
            return new Rejection(
                    DeadLetterReason.UNKNOWN_FORMAT,
                    "a container runtime (CRI) log envelope; unwrap it before decoding the Envoy"
                            + " line inside");
        }
        return new Rejection(
                DeadLetterReason.UNKNOWN_FORMAT,
                "does not open with [START_TIME] as an Envoy TEXT access log line does");
    }
}
