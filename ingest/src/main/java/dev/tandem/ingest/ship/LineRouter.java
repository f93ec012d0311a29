package dev.tandem.ingest.ship;

import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.detect.LineFormat;
import dev.tandem.ingest.detect.LineFormatSniffer;
import dev.tandem.ingest.detect.LogKind;
import java.util.Objects;

/**
 * Decides, cheaply, which topic a line goes to. The shipper does not decode: the correlation job
 * does, with the full decoders, and dead-letters what it cannot read. Here only input that is not
 * even a text line is caught (NUL bytes: binary data), and, for {@link LogKind#AUTO}, lines whose
 * format the {@link LineFormatSniffer} does not recognise, since no raw topic would fit them.
 *
 * <p>{@code calico} and {@code goldmane} go to the flows topic and {@code envoy} to the proxy topic
 * without sniffing: the user said what the source holds, and the decoders check it. Thread-safe.
 */
final class LineRouter {
    private static final Route BINARY =
            Route.deadLetter(
                    DeadLetterReason.BAD_ENCODING,
                    "contains NUL bytes: binary data, not a text log line");
    private static final Route FELIX =
            unreadable(LineFormat.FELIX_SYSLOG, DeadLetterReason.UNSUPPORTED_FORMAT);
    private static final Route ZTUNNEL =
            unreadable(LineFormat.ZTUNNEL, DeadLetterReason.UNSUPPORTED_FORMAT);
    private static final Route UNKNOWN =
            unreadable(LineFormat.UNKNOWN, DeadLetterReason.UNKNOWN_FORMAT);

    private final LogKind kind;

    LineRouter(LogKind kind) {
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /**
     * The route for {@code bytes[offset, offset+length)}, a line without its terminator.
     *
     * @param containsNul whether the line holds a NUL byte, as {@link LineFramer} found while
     *     framing it
     */
    Route route(byte[] bytes, int offset, int length, boolean containsNul) {
        if (containsNul) {
            return BINARY;
        }
        int end = offset + length;
        int i = offset;
        while (i < end && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r')) {
            i++;
        }
        if (i == end) {
            return Route.BLANK;
        }
        switch (kind) {
            case CALICO:
            case GOLDMANE:
                return Route.FLOWS;
            case ENVOY:
                return Route.PROXY;
            case AUTO:
            default:
                return sniffed(LineFormatSniffer.sniffLayer(bytes, offset, length));
        }
    }

    private static Route unreadable(LineFormat format, DeadLetterReason reason) {
        return Route.deadLetter(reason, format.unreadableBecause());
    }

    private static Route sniffed(LineFormat format) {
        switch (format) {
            case CALICO_JSON:
            case GOLDMANE_JSON:
                return Route.FLOWS;
            case ENVOY_JSON:
            case ENVOY_TEXT:
            case CRI_ENVELOPE:
            case FLUENT_BIT_ENVELOPE:
                return Route.PROXY;
            case FELIX_SYSLOG:
                return FELIX;
            case ZTUNNEL:
                return ZTUNNEL;
            case UNKNOWN:
            default:
                return UNKNOWN;
        }
    }
}
