package dev.tandem.ingest.envoy;

import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.model.HostPort;

/**
 * Field names and checks shared by the TEXT and JSON decoders, so that both read a value the same
 * way and word a bad one alike. The names are Istio's JSON keys; TEXT dead letters use them too.
 */
final class ProxyFields {
    static final String START_TIME = "start_time";
    static final String METHOD = "method";
    static final String PATH = "path";
    static final String PROTOCOL = "protocol";
    static final String RESPONSE_CODE = "response_code";
    static final String RESPONSE_FLAGS = "response_flags";
    static final String RESPONSE_CODE_DETAILS = "response_code_details";
    static final String CONNECTION_TERMINATION_DETAILS = "connection_termination_details";
    static final String UPSTREAM_TRANSPORT_FAILURE_REASON = "upstream_transport_failure_reason";
    static final String BYTES_RECEIVED = "bytes_received";
    static final String BYTES_SENT = "bytes_sent";
    static final String DURATION = "duration";
    static final String UPSTREAM_SERVICE_TIME = "upstream_service_time";
    static final String X_FORWARDED_FOR = "x_forwarded_for";
    static final String USER_AGENT = "user_agent";
    static final String REQUEST_ID = "request_id";
    static final String AUTHORITY = "authority";
    static final String UPSTREAM_HOST = "upstream_host";
    static final String UPSTREAM_CLUSTER = "upstream_cluster";
    static final String UPSTREAM_LOCAL_ADDRESS = "upstream_local_address";
    static final String DOWNSTREAM_LOCAL_ADDRESS = "downstream_local_address";
    static final String DOWNSTREAM_REMOTE_ADDRESS = "downstream_remote_address";
    static final String REQUESTED_SERVER_NAME = "requested_server_name";
    static final String ROUTE_NAME = "route_name";
    static final String DOWNSTREAM_PEER_URI_SAN = "downstream_peer_uri_san";
    static final String PEER_SPIFFE_ID = "peer_spiffe_id";

    /** HTTP status codes are three digits; 0 means none was sent. */
    static final int MAX_RESPONSE_CODE = 999;

    /** 18 decimal digits always fit a long; counters beyond that are corrupt, not real. */
    static final int MAX_NUMBER_DIGITS = 18;

    private ProxyFields() {}

    /** An address field, or null for absent; a malformed one is an invalid field. */
    static HostPort address(String field, String text) {
        try {
            return HostPort.parse(text);
        } catch (IllegalArgumentException e) {
            throw invalid(field, e.getMessage());
        }
    }

    /** Checks a response code's range. */
    static int responseCode(long value) {
        if (value > MAX_RESPONSE_CODE) {
            throw invalid(RESPONSE_CODE, "not an HTTP status: " + value);
        }
        return (int) value;
    }

    static Rejection invalid(String field, String why) {
        return new Rejection(DeadLetterReason.INVALID_FIELD, field + ": " + why);
    }

    /** A short, printable rendering of a bad value for a dead letter's detail. */
    static String quote(String value) {
        String shown = value.length() <= 64 ? value : value.substring(0, 64) + "...";
        return "'" + shown.replace('\n', ' ').replace('\r', ' ') + "'";
    }
}
