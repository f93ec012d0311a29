package dev.tandem.scenario;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Formats an {@link AccessEntry} as Istio writes it: the default TEXT line (Istio 1.9+), or the
 * JSON encoding ({@code meshConfig.accessLogEncoding: JSON}) with the same fields, keys sorted as
 * Envoy's JSON formatter emits them.
 */
final class EnvoyLineWriter {
    private static final JsonFactory JSON = new JsonFactory();

    /** Envoy's {@code %START_TIME%}: always milliseconds, always UTC. */
    static final DateTimeFormatter START_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private EnvoyLineWriter() {}

    static String text(AccessEntry e) {
        String request =
                e.method() == null ? "- - -" : e.method() + " " + e.path() + " " + e.protocol();
        return "["
                + START_TIME.format(e.start())
                + "] \""
                + request
                + "\" "
                + e.responseCode()
                + " "
                + dash(e.responseFlags())
                + " "
                + dash(e.responseCodeDetails())
                + " - \"-\" "
                + e.bytesReceived()
                + " "
                + e.bytesSent()
                + " "
                + e.durationMillis()
                + " "
                + (e.upstreamServiceTime() == null ? "-" : e.upstreamServiceTime().toString())
                + " \""
                + dash(e.forwardedFor())
                + "\" \""
                + dash(e.userAgent())
                + "\" \""
                + dash(e.requestId())
                + "\" \""
                + dash(e.authority())
                + "\" \""
                + dash(e.upstreamHost())
                + "\" "
                + dash(e.upstreamCluster())
                + " "
                + dash(e.upstreamLocalAddress())
                + " "
                + dash(e.downstreamLocalAddress())
                + " "
                + dash(e.downstreamRemoteAddress())
                + " "
                + dash(e.requestedServerName())
                + " "
                + dash(e.routeName());
    }

    static String json(AccessEntry e) {
        StringWriter out = new StringWriter(900);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            string(json, "authority", e.authority());
            json.writeNumberField("bytes_received", e.bytesReceived());
            json.writeNumberField("bytes_sent", e.bytesSent());
            json.writeNullField("connection_termination_details");
            string(json, "downstream_local_address", e.downstreamLocalAddress());
            string(json, "downstream_remote_address", e.downstreamRemoteAddress());
            json.writeNumberField("duration", e.durationMillis());
            string(json, "method", e.method());
            string(json, "path", e.path());
            string(json, "protocol", e.protocol());
            string(json, "request_id", e.requestId());
            string(json, "requested_server_name", e.requestedServerName());
            json.writeNumberField("response_code", e.responseCode());
            string(json, "response_code_details", e.responseCodeDetails());
            string(json, "response_flags", dash(e.responseFlags()));
            string(json, "route_name", e.routeName());
            string(json, "start_time", START_TIME.format(e.start()));
            string(json, "upstream_cluster", e.upstreamCluster());
            string(json, "upstream_host", e.upstreamHost());
            string(json, "upstream_local_address", e.upstreamLocalAddress());
            string(
                    json,
                    "upstream_service_time",
                    e.upstreamServiceTime() == null ? null : e.upstreamServiceTime().toString());
            json.writeNullField("upstream_transport_failure_reason");
            string(json, "user_agent", e.userAgent());
            string(json, "x_forwarded_for", e.forwardedFor());
            json.writeEndObject();
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return out.toString();
    }

    private static void string(JsonGenerator json, String field, String value) throws IOException {
        if (value == null) {
            json.writeNullField(field);
        } else {
            json.writeStringField(field, value);
        }
    }

    private static String dash(String value) {
        return value == null ? "-" : value;
    }
}
