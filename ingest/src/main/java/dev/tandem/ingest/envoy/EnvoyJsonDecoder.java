package dev.tandem.ingest.envoy;

import static dev.tandem.ingest.envoy.ProxyFields.AUTHORITY;
import static dev.tandem.ingest.envoy.ProxyFields.BYTES_RECEIVED;
import static dev.tandem.ingest.envoy.ProxyFields.BYTES_SENT;
import static dev.tandem.ingest.envoy.ProxyFields.CONNECTION_TERMINATION_DETAILS;
import static dev.tandem.ingest.envoy.ProxyFields.DOWNSTREAM_LOCAL_ADDRESS;
import static dev.tandem.ingest.envoy.ProxyFields.DOWNSTREAM_PEER_URI_SAN;
import static dev.tandem.ingest.envoy.ProxyFields.DOWNSTREAM_REMOTE_ADDRESS;
import static dev.tandem.ingest.envoy.ProxyFields.DURATION;
import static dev.tandem.ingest.envoy.ProxyFields.METHOD;
import static dev.tandem.ingest.envoy.ProxyFields.PATH;
import static dev.tandem.ingest.envoy.ProxyFields.PEER_SPIFFE_ID;
import static dev.tandem.ingest.envoy.ProxyFields.PROTOCOL;
import static dev.tandem.ingest.envoy.ProxyFields.REQUESTED_SERVER_NAME;
import static dev.tandem.ingest.envoy.ProxyFields.REQUEST_ID;
import static dev.tandem.ingest.envoy.ProxyFields.RESPONSE_CODE;
import static dev.tandem.ingest.envoy.ProxyFields.RESPONSE_CODE_DETAILS;
import static dev.tandem.ingest.envoy.ProxyFields.RESPONSE_FLAGS;
import static dev.tandem.ingest.envoy.ProxyFields.ROUTE_NAME;
import static dev.tandem.ingest.envoy.ProxyFields.START_TIME;
import static dev.tandem.ingest.envoy.ProxyFields.UPSTREAM_CLUSTER;
import static dev.tandem.ingest.envoy.ProxyFields.UPSTREAM_HOST;
import static dev.tandem.ingest.envoy.ProxyFields.UPSTREAM_LOCAL_ADDRESS;
import static dev.tandem.ingest.envoy.ProxyFields.UPSTREAM_SERVICE_TIME;
import static dev.tandem.ingest.envoy.ProxyFields.UPSTREAM_TRANSPORT_FAILURE_REASON;
import static dev.tandem.ingest.envoy.ProxyFields.USER_AGENT;
import static dev.tandem.ingest.envoy.ProxyFields.X_FORWARDED_FOR;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.DeadLetters;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.decode.Decoder;
import dev.tandem.ingest.decode.FieldOrder;
import dev.tandem.ingest.decode.FlowJson;
import dev.tandem.ingest.decode.JsonSupport;
import dev.tandem.ingest.envoy.RepeatedValues.Kind;
import dev.tandem.ingest.model.HostPort;
import dev.tandem.ingest.model.ProxyLogFormat;
import dev.tandem.ingest.model.ProxyRequest;
import dev.tandem.ingest.model.UpstreamCluster;
import java.io.IOException;

/**
 * Reads one Istio JSON-encoded access log record ({@code meshConfig.accessLogEncoding: JSON}) into
 * a {@link ProxyRequest}, in one pass of Jackson's streaming parser.
 *
 * <p>Keys are Istio's default JSON keys, the same 24 fields as the TEXT layout ({@code start_time},
 * {@code method}, ..., {@code route_name}), in any order; a repeated key's last value wins. The
 * peer SPIFFE id is read from {@code downstream_peer_uri_san} (named after the Envoy operator mesh
 * configs add) or its alias {@code peer_spiffe_id}; it is taken as given, since the key already
 * says what it is. Other keys are skipped: formats grow.
 *
 * <p>Values: null, {@code ""} and {@code "-"} are absent. Numbers may come as JSON numbers or as
 * strings ({@code "upstream_service_time":"14"}, as Istio writes it); an integral float such as
 * {@code 15.0} is accepted because Envoy's older JSON formatter went through protobuf doubles. Text
 * fields accept strings and numbers. An object, array or boolean where a value belongs, a negative
 * or fractional count, or an impossible status is {@code INVALID_FIELD}. {@code start_time} (RFC
 * 3339) is required: {@code MISSING_FIELD} without it. Bytes that are not well-formed UTF-8 are
 * {@code BAD_ENCODING}, checked beside Jackson (which lets some through) and worded as the TEXT
 * decoder words them. An object with none of Istio's keys is {@code UNKNOWN_FORMAT}; input that is
 * not a JSON object at all likewise.
 *
 * <p>Thread-safe; the result never depends on earlier calls (repeated values come from the shared
 * {@link RepeatedValues}; the draft a record is read into is reused per thread). The shared {@link
 * JsonSupport#factory()} bounds nesting and sizes.
 */
public final class EnvoyJsonDecoder implements Decoder<ProxyRequest> {
    /** The dead-letter source name. */
    public static final String SOURCE = "envoy-json";

    /**
     * Envoy writes a JSON access log's keys sorted (its formatter goes through a protobuf Struct),
     * so names in this order are matched rather than looked up; any order reads the same. The peer
     * SPIFFE id keys are left out: Istio's default format has neither, and an expected key that is
     * absent costs a failed match on every line.
     */
    static final FieldOrder SORTED_KEYS =
            new FieldOrder(
                    AUTHORITY,
                    BYTES_RECEIVED,
                    BYTES_SENT,
                    CONNECTION_TERMINATION_DETAILS,
                    DOWNSTREAM_LOCAL_ADDRESS,
                    DOWNSTREAM_REMOTE_ADDRESS,
                    DURATION,
                    METHOD,
                    PATH,
                    PROTOCOL,
                    REQUEST_ID,
                    REQUESTED_SERVER_NAME,
                    RESPONSE_CODE,
                    RESPONSE_CODE_DETAILS,
                    RESPONSE_FLAGS,
                    ROUTE_NAME,
                    START_TIME,
                    UPSTREAM_CLUSTER,
                    UPSTREAM_HOST,
                    UPSTREAM_LOCAL_ADDRESS,
                    UPSTREAM_SERVICE_TIME,
                    UPSTREAM_TRANSPORT_FAILURE_REASON,
                    USER_AGENT,
                    X_FORWARDED_FOR);

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
        Decoded<ProxyRequest> parsed = parse(bytes, offset, length, position);
        return DeadLetters.orBadEncoding(parsed, SOURCE, position, bytes, offset, length);
    }

    private static Decoded<ProxyRequest> parse(
            byte[] bytes, int offset, int length, long position) {
        int from = DecoderInput.skipBlank(bytes, offset, offset + length);
        int to = DecoderInput.trimBlank(bytes, from, offset + length);
        try (JsonParser parser = JsonSupport.factory().createParser(bytes, from, to - from)) {
            checkStart(bytes, from, to);
            return Decoded.ok(read(parser));
        } catch (Rejection rejection) {
            return DeadLetters.fail(
                    SOURCE,
                    position,
                    rejection.reason(),
                    rejection.getMessage(),
                    bytes,
                    offset,
                    length);
        } catch (JsonProcessingException e) {
            return DeadLetters.failJson(SOURCE, position, e, bytes, offset, length);
        } catch (IOException | RuntimeException e) {
            return DeadLetters.fail(
                    SOURCE,
                    position,
                    DeadLetterReason.MALFORMED_JSON,
                    e instanceof RuntimeException
                            ? DecoderInput.unexpected((RuntimeException) e)
                            : DeadLetters.oneLine(e.getMessage()),
                    bytes,
                    offset,
                    length);
        }
    }

    @Override
    public String sourceName() {
        return SOURCE;
    }

    private static void checkStart(byte[] bytes, int from, int to) {
        if (from == to) {
            throw new Rejection(DeadLetterReason.EMPTY, "blank line");
        }
        if (bytes[from] == '['
                && to - from > 1
                && bytes[from + 1] >= '0'
                && bytes[from + 1] <= '9') {
            throw new Rejection(
                    DeadLetterReason.UNKNOWN_FORMAT,
                    "an Envoy TEXT line, not a JSON object (the envoy-text decoder reads it)");
        }
        if (bytes[from] != '{') {
            throw new Rejection(
                    DeadLetterReason.UNKNOWN_FORMAT,
                    "not a JSON object: an Istio JSON access log record starts with '{'");
        }
    }

    private static ProxyRequest read(JsonParser p) throws IOException {
        p.nextToken();
        JsonRequestDraft d = JsonRequestDraft.cleared();
        RepeatedValues values = RepeatedValues.get();
        int known = 0;
        String name;
        FieldOrder.Cursor fields = d.fields;
        while ((name = fields.nextFieldName(p)) != null) {
            JsonToken token = p.nextToken();
            known++;
            switch (name) {
                case START_TIME -> d.readStartTime(p, token);
                case METHOD -> d.method = word(p, token, METHOD, values, "GET");
                case PATH ->
                        d.path = (String) JsonValues.repeated(p, token, PATH, values, Kind.PATH);
                case PROTOCOL -> d.protocol = word(p, token, PROTOCOL, values, "HTTP/1.1");
                case RESPONSE_CODE -> d.responseCode = JsonValues.number(p, token, RESPONSE_CODE);
                case RESPONSE_FLAGS -> d.responseFlags = word(p, token, RESPONSE_FLAGS, values);
                case RESPONSE_CODE_DETAILS ->
                        d.responseCodeDetails =
                                word(p, token, RESPONSE_CODE_DETAILS, values, "via_upstream");
                case CONNECTION_TERMINATION_DETAILS ->
                        d.connectionTerminationDetails =
                                name(p, token, CONNECTION_TERMINATION_DETAILS, values);
                case UPSTREAM_TRANSPORT_FAILURE_REASON ->
                        d.upstreamTransportFailureReason =
                                name(p, token, UPSTREAM_TRANSPORT_FAILURE_REASON, values);
                case BYTES_RECEIVED ->
                        d.bytesReceived = JsonValues.number(p, token, BYTES_RECEIVED);
                case BYTES_SENT -> d.bytesSent = JsonValues.number(p, token, BYTES_SENT);
                case DURATION -> d.duration = JsonValues.number(p, token, DURATION);
                case UPSTREAM_SERVICE_TIME ->
                        d.upstreamServiceTime = JsonValues.number(p, token, UPSTREAM_SERVICE_TIME);
                case X_FORWARDED_FOR -> d.forwardedFor = name(p, token, X_FORWARDED_FOR, values);
                case USER_AGENT ->
                        d.userAgent =
                                (String)
                                        JsonValues.repeated(
                                                p, token, USER_AGENT, values, Kind.USER_AGENT);
                case REQUEST_ID -> d.requestId = JsonValues.text(p, token, REQUEST_ID);
                case AUTHORITY -> d.authority = name(p, token, AUTHORITY, values);
                case UPSTREAM_HOST ->
                        d.upstreamHost =
                                (HostPort)
                                        JsonValues.repeated(
                                                p,
                                                token,
                                                UPSTREAM_HOST,
                                                values,
                                                Kind.UPSTREAM_HOST);
                case UPSTREAM_CLUSTER ->
                        d.upstreamCluster =
                                (UpstreamCluster)
                                        JsonValues.repeated(
                                                p,
                                                token,
                                                UPSTREAM_CLUSTER,
                                                values,
                                                Kind.UPSTREAM_CLUSTER);
                case UPSTREAM_LOCAL_ADDRESS -> d.readUpstreamLocal(p, token);
                case DOWNSTREAM_LOCAL_ADDRESS ->
                        d.downstreamLocalAddress =
                                (HostPort)
                                        JsonValues.repeated(
                                                p,
                                                token,
                                                DOWNSTREAM_LOCAL_ADDRESS,
                                                values,
                                                Kind.DOWNSTREAM_LOCAL_ADDRESS);
                case DOWNSTREAM_REMOTE_ADDRESS -> d.readDownstreamRemote(p, token);
                case REQUESTED_SERVER_NAME ->
                        d.requestedServerName = name(p, token, REQUESTED_SERVER_NAME, values);
                case ROUTE_NAME -> d.routeName = word(p, token, ROUTE_NAME, values, "default");
                case DOWNSTREAM_PEER_URI_SAN, PEER_SPIFFE_ID ->
                        d.peerSpiffeId = JsonValues.text(p, token, name);
                default -> {
                    known--;
                    p.skipChildren();
                }
            }
        }
        if (p.nextToken() != null) {
            throw new Rejection(
                    DeadLetterReason.MALFORMED_JSON,
                    "more content after the JSON object (one record per line)");
        }
        if (known == 0) {
            throw new Rejection(
                    DeadLetterReason.UNKNOWN_FORMAT,
                    "a JSON object with none of Istio's access log keys (start_time, method, ...)");
        }
        return d.toRequest(ProxyLogFormat.JSON);
    }

    private static String name(JsonParser p, JsonToken token, String field, RepeatedValues values)
            throws IOException {
        return (String) JsonValues.repeated(p, token, field, values, Kind.NAME);
    }

    private static String word(JsonParser p, JsonToken token, String field, RepeatedValues values)
            throws IOException {
        return (String) JsonValues.repeated(p, token, field, values, Kind.WORD);
    }

    /**
     * A word, with the one that field nearly always holds ({@code GET}, {@code HTTP/1.1}) matched
     * in the parser's buffer: cheaper than looking it up, and the same String.
     */
    private static String word(
            JsonParser p, JsonToken token, String field, RepeatedValues values, String usual)
            throws IOException {
        if (FlowJson.isText(p, usual)) {
            return usual;
        }
        return word(p, token, field, values);
    }
}
