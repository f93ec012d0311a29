package dev.tandem.ingest.envoy;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.FieldOrder;
import dev.tandem.ingest.decode.Timestamps;
import dev.tandem.ingest.model.HostPort;
import dev.tandem.ingest.model.ProxyLogFormat;
import dev.tandem.ingest.model.ProxyRequest;
import dev.tandem.ingest.model.UpstreamCluster;
import java.io.IOException;
import java.time.Instant;

/**
 * The fields of a JSON record as they are met, in whatever order the keys come, until the object
 * ends and they can be checked together. Absent numbers are -1; absent text is null.
 */
final class JsonRequestDraft {
    private static final ThreadLocal<JsonRequestDraft> PER_THREAD =
            ThreadLocal.withInitial(JsonRequestDraft::new);

    private final CharsView view = new CharsView();

    /** Where the read has got to in Envoy's key order. */
    final FieldOrder.Cursor fields = EnvoyJsonDecoder.SORTED_KEYS.cursor();

    /** The start time when it was read straight from the parser; else see {@link #startTime}. */
    Instant startInstant;

    /** The start time's text, kept when it was not read straight away (absent, or not valid). */
    String startTime;

    String method;
    String path;
    String protocol;
    long responseCode;
    String responseFlags;
    String responseCodeDetails;
    String connectionTerminationDetails;
    String upstreamTransportFailureReason;
    long bytesReceived;
    long bytesSent;
    long duration;
    long upstreamServiceTime;
    String forwardedFor;
    String userAgent;
    String requestId;
    String authority;
    HostPort upstreamHost;
    UpstreamCluster upstreamCluster;

    /** Read straight from the parser when in the simple form; else see the text below. */
    HostPort upstreamLocal;

    String upstreamLocalAddress;
    HostPort downstreamLocalAddress;

    /** Read straight from the parser when in the simple form; else see the text below. */
    HostPort downstreamRemote;

    String downstreamRemoteAddress;
    String requestedServerName;
    String routeName;
    String peerSpiffeId;

    private JsonRequestDraft() {}

    /**
     * This thread's draft, cleared: one per thread rather than one per line, since a draft is as
     * large as the record it becomes.
     */
    static JsonRequestDraft cleared() {
        JsonRequestDraft d = PER_THREAD.get();
        d.fields.reset();
        d.startInstant = null;
        d.startTime = null;
        d.method = null;
        d.path = null;
        d.protocol = null;
        d.responseCode = -1;
        d.responseFlags = null;
        d.responseCodeDetails = null;
        d.connectionTerminationDetails = null;
        d.upstreamTransportFailureReason = null;
        d.bytesReceived = -1;
        d.bytesSent = -1;
        d.duration = -1;
        d.upstreamServiceTime = -1;
        d.forwardedFor = null;
        d.userAgent = null;
        d.requestId = null;
        d.authority = null;
        d.upstreamHost = null;
        d.upstreamCluster = UpstreamCluster.parse(null);
        d.upstreamLocal = null;
        d.upstreamLocalAddress = null;
        d.downstreamLocalAddress = null;
        d.downstreamRemote = null;
        d.downstreamRemoteAddress = null;
        d.requestedServerName = null;
        d.routeName = null;
        d.peerSpiffeId = null;
        return d;
    }

    /**
     * Reads {@code start_time}. An RFC 3339 string is parsed straight from the parser's buffer;
     * anything else, valid or not, is kept as text and parsed when the record is built, so that a
     * bad start time is reported after any other bad field, as it always was.
     */
    void readStartTime(JsonParser p, JsonToken token) throws IOException {
        startInstant = null;
        if (token == JsonToken.VALUE_STRING) {
            int length = p.getTextLength();
            char[] chars = p.getTextCharacters();
            int offset = p.getTextOffset();
            try {
                startInstant =
                        Timestamps.parseRfc3339(
                                view.set(chars, offset, offset + length), 0, length);
                startTime = null;
                return;
            } catch (IllegalArgumentException e) {
                // Not valid (or absent): kept as text below and reported when the record is built.
            }
        }
        startTime = JsonValues.text(p, token, ProxyFields.START_TIME);
    }

    /** Reads {@code upstream_local_address}. */
    void readUpstreamLocal(JsonParser p, JsonToken token) throws IOException {
        upstreamLocal = JsonValues.simpleAddress(p, token);
        upstreamLocalAddress =
                upstreamLocal != null
                        ? null
                        : JsonValues.text(p, token, ProxyFields.UPSTREAM_LOCAL_ADDRESS);
    }

    /** Reads {@code downstream_remote_address}. */
    void readDownstreamRemote(JsonParser p, JsonToken token) throws IOException {
        downstreamRemote = JsonValues.simpleAddress(p, token);
        downstreamRemoteAddress =
                downstreamRemote != null
                        ? null
                        : JsonValues.text(p, token, ProxyFields.DOWNSTREAM_REMOTE_ADDRESS);
    }

    /** The request, read the same way the TEXT decoder reads the same values. */
    ProxyRequest toRequest(ProxyLogFormat format) {
        return new ProxyRequest(
                startTime(),
                method,
                path,
                protocol,
                ProxyFields.responseCode(Math.max(0, responseCode)),
                responseFlags,
                responseCodeDetails,
                connectionTerminationDetails,
                upstreamTransportFailureReason,
                Math.max(0, bytesReceived),
                Math.max(0, bytesSent),
                duration < 0 ? null : duration,
                upstreamServiceTime < 0 ? null : upstreamServiceTime,
                forwardedFor,
                userAgent,
                requestId,
                authority,
                upstreamHost,
                upstreamCluster,
                upstreamLocal != null
                        ? upstreamLocal
                        : ProxyFields.address(
                                ProxyFields.UPSTREAM_LOCAL_ADDRESS, upstreamLocalAddress),
                downstreamLocalAddress,
                downstreamRemote != null
                        ? downstreamRemote
                        : ProxyFields.address(
                                ProxyFields.DOWNSTREAM_REMOTE_ADDRESS, downstreamRemoteAddress),
                requestedServerName,
                routeName,
                peerSpiffeId,
                format,
                null);
    }

    private Instant startTime() {
        if (startInstant != null) {
            return startInstant;
        }
        if (startTime == null) {
            throw new Rejection(
                    DeadLetterReason.MISSING_FIELD,
                    ProxyFields.START_TIME + " is missing (absent, null or '-')");
        }
        try {
            return Timestamps.parseRfc3339(startTime);
        } catch (IllegalArgumentException e) {
            throw ProxyFields.invalid(ProxyFields.START_TIME, e.getMessage());
        }
    }
}
