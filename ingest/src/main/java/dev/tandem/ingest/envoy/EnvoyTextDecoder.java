package dev.tandem.ingest.envoy;

import static dev.tandem.ingest.envoy.TextLayout.AUTHORITY;
import static dev.tandem.ingest.envoy.TextLayout.BYTES_RECEIVED;
import static dev.tandem.ingest.envoy.TextLayout.BYTES_SENT;
import static dev.tandem.ingest.envoy.TextLayout.CONNECTION_TERMINATION_DETAILS;
import static dev.tandem.ingest.envoy.TextLayout.DOWNSTREAM_LOCAL_ADDRESS;
import static dev.tandem.ingest.envoy.TextLayout.DOWNSTREAM_REMOTE_ADDRESS;
import static dev.tandem.ingest.envoy.TextLayout.DURATION;
import static dev.tandem.ingest.envoy.TextLayout.PEER_SPIFFE_ID;
import static dev.tandem.ingest.envoy.TextLayout.REQUEST;
import static dev.tandem.ingest.envoy.TextLayout.REQUESTED_SERVER_NAME;
import static dev.tandem.ingest.envoy.TextLayout.REQUEST_ID;
import static dev.tandem.ingest.envoy.TextLayout.RESPONSE_CODE;
import static dev.tandem.ingest.envoy.TextLayout.RESPONSE_CODE_DETAILS;
import static dev.tandem.ingest.envoy.TextLayout.RESPONSE_FLAGS;
import static dev.tandem.ingest.envoy.TextLayout.ROUTE_NAME;
import static dev.tandem.ingest.envoy.TextLayout.START_TIME;
import static dev.tandem.ingest.envoy.TextLayout.UPSTREAM_CLUSTER;
import static dev.tandem.ingest.envoy.TextLayout.UPSTREAM_HOST;
import static dev.tandem.ingest.envoy.TextLayout.UPSTREAM_LOCAL_ADDRESS;
import static dev.tandem.ingest.envoy.TextLayout.UPSTREAM_SERVICE_TIME;
import static dev.tandem.ingest.envoy.TextLayout.UPSTREAM_TRANSPORT_FAILURE_REASON;
import static dev.tandem.ingest.envoy.TextLayout.USER_AGENT;
import static dev.tandem.ingest.envoy.TextLayout.X_FORWARDED_FOR;

import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.DeadLetters;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.decode.Decoder;
import dev.tandem.ingest.decode.Timestamps;
import dev.tandem.ingest.envoy.RepeatedValues.Kind;
import dev.tandem.ingest.model.HostPort;
import dev.tandem.ingest.model.ProxyLogFormat;
import dev.tandem.ingest.model.ProxyRequest;
import dev.tandem.ingest.model.UpstreamCluster;
import java.time.Instant;
import java.util.Arrays;

/**
 * Reads one line of Istio's default TEXT access log into a {@link ProxyRequest}.
 *
 * <p>The layout is Istio's default since 1.9 (DESIGN.md, "Inputs"): {@code [%START_TIME%]
 * "%REQ(:METHOD)% %REQ(X-ENVOY-ORIGINAL-PATH?:PATH)% %PROTOCOL%" %RESPONSE_CODE% %RESPONSE_FLAGS%
 * %RESPONSE_CODE_DETAILS% %CONNECTION_TERMINATION_DETAILS% "%UPSTREAM_TRANSPORT_FAILURE_REASON%"
 * %BYTES_RECEIVED% %BYTES_SENT% %DURATION% %RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%
 * "%REQ(X-FORWARDED-FOR)%" "%REQ(USER-AGENT)%" "%REQ(X-REQUEST-ID)%" "%REQ(:AUTHORITY)%"
 * "%UPSTREAM_HOST%" %UPSTREAM_CLUSTER_RAW% %UPSTREAM_LOCAL_ADDRESS% %DOWNSTREAM_LOCAL_ADDRESS%
 * %DOWNSTREAM_REMOTE_ADDRESS% %REQUESTED_SERVER_NAME% %ROUTE_NAME%}, optionally followed by {@code
 * %DOWNSTREAM_PEER_URI_SAN%} where the mesh config appends it. TCP connections log {@code "- - -"}
 * as the request line. {@code -} means absent (null); an absent response code or byte count reads
 * as 0.
 *
 * <p>Layouts, recognised by field count and which fields are quoted (see {@link TextLayout}), never
 * by guessing from values:
 *
 * <ul>
 *   <li>Istio 1.9+ (22 fields, 23 with the peer SPIFFE id): read.
 *   <li>Istio 1.8 (20 or 21 fields): the same minus {@code %RESPONSE_CODE_DETAILS%} and {@code
 *       %CONNECTION_TERMINATION_DETAILS%}; read, with those two null. It still has the quoted
 *       transport failure reason right after the response flags, which is how it is told apart.
 *   <li>Older 2018-2019 layouts (no route name; a quoted Mixer status; no transport failure reason
 *       at all): dead-lettered {@code UNSUPPORTED_FORMAT} with a detail naming the pre-1.9 layout.
 *       They are rare now and some lack the address columns correlation needs.
 *   <li>Istio ambient ztunnel lines ({@code key=value}): {@code UNSUPPORTED_FORMAT}, named as such.
 *       JSON objects, CRI envelopes and anything else not opening with {@code [}: {@code
 *       UNKNOWN_FORMAT}.
 * </ul>
 *
 * <p>The optional last field is taken as the peer SPIFFE id only when it is {@code -} or starts
 * with {@code spiffe://}; anything else there means a custom format, dead-lettered rather than
 * misread as mTLS evidence. A trailing {@code \n} or {@code \r\n} is ignored.
 *
 * <p>Speed: one scan over the bytes finds every field and checks UTF-8 on the way ({@link
 * TextTokens}); nothing is copied until a field is converted, the start time is parsed in place,
 * and values a sidecar repeats line after line come from a shared cache ({@link RepeatedValues}).
 * Thread-safe; the result never depends on earlier calls.
 */
public final class EnvoyTextDecoder implements Decoder<ProxyRequest> {
    /** The dead-letter source name. */
    public static final String SOURCE = "envoy-text";

    private static final byte[] SPIFFE_SCHEME = {'s', 'p', 'i', 'f', 'f', 'e', ':', '/', '/'};

    @Override
    public Decoded<ProxyRequest> decode(byte[] bytes, int offset, int length, long position) {
        Decoded<ProxyRequest> badRange =
                DecoderInput.failIfBadRange(SOURCE, position, bytes, offset, length);
        if (badRange != null) {
            return badRange;
        }
        Decoded<ProxyRequest> tooLarge =
                DeadLetters.failIfTooLarge(SOURCE, position, bytes, offset, length);
        if (tooLarge != null) {
            return tooLarge;
        }
        try {
            return Decoded.ok(read(bytes, offset, offset + length));
        } catch (Rejection rejection) {
            return DeadLetters.fail(
                    SOURCE,
                    position,
                    rejection.reason(),
                    rejection.getMessage(),
                    bytes,
                    offset,
                    length);
        } catch (RuntimeException unexpected) {
            return DeadLetters.fail(
                    SOURCE,
                    position,
                    DeadLetterReason.MALFORMED_TEXT,
                    DecoderInput.unexpected(unexpected),
                    bytes,
                    offset,
                    length);
        }
    }

    @Override
    public String sourceName() {
        return SOURCE;
    }

    private static ProxyRequest read(byte[] bytes, int offset, int end) {
        int from = DecoderInput.skipBlank(bytes, offset, end);
        int to = DecoderInput.trimBlank(bytes, from, end);
        if (from == to) {
            throw new Rejection(DeadLetterReason.EMPTY, "blank line");
        }
        if (bytes[from] != '[') {
            throw ForeignLines.describe(bytes, from, to);
        }
        TextTokens t = TextTokens.scan(bytes, from, to);
        TextLayout layout = TextLayout.recognise(t);

        int requestStart = t.start(REQUEST);
        int requestEnd = t.end(REQUEST);
        int firstSpace = indexOfSpace(bytes, requestStart, requestEnd);
        int lastSpace = lastIndexOfSpace(bytes, requestStart, requestEnd);
        if (firstSpace < 0 || firstSpace == lastSpace) {
            throw new Rejection(
                    DeadLetterReason.MALFORMED_TEXT,
                    "the request line "
                            + ProxyFields.quote(t.raw(REQUEST))
                            + " is not \"METHOD PATH PROTOCOL\"");
        }
        RepeatedValues values = RepeatedValues.get();
        return new ProxyRequest(
                startTime(t),
                usualWord(values, bytes, requestStart, firstSpace, "GET"),
                (String) values.get(Kind.PATH, bytes, firstSpace + 1, lastSpace),
                usualWord(values, bytes, lastSpace + 1, requestEnd, "HTTP/1.1"),
                ProxyFields.responseCode(count(t, RESPONSE_CODE, ProxyFields.RESPONSE_CODE)),
                word(values, t, RESPONSE_FLAGS),
                layout.hasCodeDetails()
                        ? usualWord(
                                values,
                                bytes,
                                t.start(RESPONSE_CODE_DETAILS),
                                t.end(RESPONSE_CODE_DETAILS),
                                "via_upstream")
                        : null,
                layout.hasCodeDetails() ? name(values, t, CONNECTION_TERMINATION_DETAILS) : null,
                name(values, t, layout.at(UPSTREAM_TRANSPORT_FAILURE_REASON)),
                count(t, layout.at(BYTES_RECEIVED), ProxyFields.BYTES_RECEIVED),
                count(t, layout.at(BYTES_SENT), ProxyFields.BYTES_SENT),
                optional(t, layout.at(DURATION), ProxyFields.DURATION),
                optional(t, layout.at(UPSTREAM_SERVICE_TIME), ProxyFields.UPSTREAM_SERVICE_TIME),
                name(values, t, layout.at(X_FORWARDED_FOR)),
                (String) repeated(values, Kind.USER_AGENT, t, layout.at(USER_AGENT)),
                t.text(layout.at(REQUEST_ID)),
                name(values, t, layout.at(AUTHORITY)),
                (HostPort) repeated(values, Kind.UPSTREAM_HOST, t, layout.at(UPSTREAM_HOST)),
                (UpstreamCluster)
                        repeated(values, Kind.UPSTREAM_CLUSTER, t, layout.at(UPSTREAM_CLUSTER)),
                address(t, layout.at(UPSTREAM_LOCAL_ADDRESS), ProxyFields.UPSTREAM_LOCAL_ADDRESS),
                (HostPort)
                        repeated(
                                values,
                                Kind.DOWNSTREAM_LOCAL_ADDRESS,
                                t,
                                layout.at(DOWNSTREAM_LOCAL_ADDRESS)),
                address(
                        t,
                        layout.at(DOWNSTREAM_REMOTE_ADDRESS),
                        ProxyFields.DOWNSTREAM_REMOTE_ADDRESS),
                name(values, t, layout.at(REQUESTED_SERVER_NAME)),
                word(values, t, layout.at(ROUTE_NAME)),
                peerSpiffeId(t, layout),
                ProxyLogFormat.TEXT,
                null);
    }

    /** An address that changes from line to line (an ephemeral port), its host shared. */
    private static HostPort address(TextTokens t, int index, String field) {
        HostPort simple = Addresses.simple(t.bytes(), t.start(index), t.end(index));
        return simple != null ? simple : ProxyFields.address(field, t.text(index));
    }

    private static Object repeated(RepeatedValues values, Kind kind, TextTokens t, int index) {
        return values.get(kind, t.bytes(), t.start(index), t.end(index));
    }

    /**
     * A word, with the one that field nearly always holds ({@code GET}, {@code HTTP/1.1}) matched
     * in the line's bytes: cheaper than looking it up, and the same String.
     */
    private static String usualWord(
            RepeatedValues values, byte[] bytes, int from, int to, String usual) {
        if (to - from == usual.length()) {
            int i = 0;
            while (i < usual.length() && bytes[from + i] == usual.charAt(i)) {
                i++;
            }
            if (i == usual.length()) {
                return usual;
            }
        }
        return (String) values.get(Kind.WORD, bytes, from, to);
    }

    private static String word(RepeatedValues values, TextTokens t, int index) {
        return (String) repeated(values, Kind.WORD, t, index);
    }

    private static String name(RepeatedValues values, TextTokens t, int index) {
        return (String) repeated(values, Kind.NAME, t, index);
    }

    private static Instant startTime(TextTokens t) {
        int start = t.start(START_TIME);
        int end = t.end(START_TIME);
        try {
            return Timestamps.parseRfc3339(new AsciiView(t.bytes(), start, end), 0, end - start);
        } catch (IllegalArgumentException e) {
            throw ProxyFields.invalid(ProxyFields.START_TIME, e.getMessage());
        }
    }

    /** A counter that is 0 when absent. */
    private static long count(TextTokens t, int index, String field) {
        return Math.max(0, t.number(index, field));
    }

    private static Long optional(TextTokens t, int index, String field) {
        long value = t.number(index, field);
        return value < 0 ? null : value;
    }

    private static String peerSpiffeId(TextTokens t, TextLayout layout) {
        int index = layout.at(PEER_SPIFFE_ID);
        if (t.count() <= index || t.isAbsent(index)) {
            return null;
        }
        int start = t.start(index);
        if (t.end(index) - start < SPIFFE_SCHEME.length
                || !Arrays.equals(
                        SPIFFE_SCHEME,
                        0,
                        SPIFFE_SCHEME.length,
                        t.bytes(),
                        start,
                        start + SPIFFE_SCHEME.length)) {
            throw new Rejection(
                    DeadLetterReason.MALFORMED_TEXT,
                    "the field after ROUTE_NAME must be the peer SPIFFE id (spiffe://...) or '-';"
                            + " found "
                            + ProxyFields.quote(t.raw(index)));
        }
        return t.text(index);
    }

    private static int indexOfSpace(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == ' ') {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOfSpace(byte[] bytes, int from, int to) {
        for (int i = to - 1; i >= from; i--) {
            if (bytes[i] == ' ') {
                return i;
            }
        }
        return -1;
    }
}
