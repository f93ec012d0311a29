package dev.tandem.ingest.envoy;

import static dev.tandem.ingest.envoy.EnvoySamples.ELASTIC;
import static dev.tandem.ingest.envoy.EnvoySamples.ISSUES;
import static dev.tandem.ingest.envoy.EnvoySamples.ISTIO_DOCS;
import static dev.tandem.ingest.envoy.EnvoySamples.lines;
import static dev.tandem.ingest.envoy.EnvoySamples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ingest.model.HostPort;
import dev.tandem.ingest.model.ProxyLogFormat;
import dev.tandem.ingest.model.ProxyRequest;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The same request logged as TEXT and as JSON decodes to the same record, but for its format. */
class TextJsonEquivalenceTest {
    private final EnvoyTextDecoder text = new EnvoyTextDecoder();
    private final EnvoyJsonDecoder json = new EnvoyJsonDecoder();

    private static void assertSameExceptFormat(ProxyRequest fromText, ProxyRequest fromJson) {
        assertThat(fromText.format()).isEqualTo(ProxyLogFormat.TEXT);
        assertThat(fromJson.format()).isEqualTo(ProxyLogFormat.JSON);
        assertThat(fromJson)
                .usingRecursiveComparison()
                .ignoringFields("format")
                .isEqualTo(fromText);
        assertThat(withFormat(fromJson, ProxyLogFormat.TEXT)).isEqualTo(fromText);
    }

    @Test
    void theCodecErrorRequestInBothElasticSamplesDecodesAlike() {
        // The same 400 DPE request (10.128.0.60:51643 at 09:36:33.553) appears in both files.
        ProxyRequest fromText =
                text.decode(utf8(lines(ELASTIC + "test-access-failed.log").get(4)), 5).value();
        ProxyRequest fromJson =
                json.decode(utf8(lines(ELASTIC + "test-access-json-logs.log").get(2)), 3).value();

        assertSameExceptFormat(fromText, fromJson);
    }

    @Test
    void aHandWrittenTextTwinOfTheJsonSampleDecodesAlike() {
        String textTwin =
                "[2022-09-08T12:51:05.656Z] \"GET /reviews/0 HTTP/1.1\" 200 - via_upstream - \"-\""
                        + " 0 358 15 14 \"-\" \"curl/7.79.1\" \"9fcc7101-13bd-9753-98d6-820806088d9d\""
                        + " \"reviews:9080\" \"10.124.1.5:9080\" inbound|9080|| 127.0.0.6:37685"
                        + " 10.124.1.5:9080 10.124.0.13:43612"
                        + " outbound_.9080_._.reviews.default.svc.cluster.local default";

        assertSameExceptFormat(
                text.decode(utf8(textTwin), 1).value(),
                json.decode(utf8(lines(ELASTIC + "test-access-json-logs.log").get(0)), 1).value());
    }

    @Test
    void everyReadableTextSampleRoundTripsThroughIstioJson() throws IOException {
        List<String> textLines = new ArrayList<>();
        textLines.addAll(lines(ELASTIC + "test-access-logs.log"));
        textLines.addAll(lines(ELASTIC + "test-access-failed.log"));
        textLines.addAll(lines(ISSUES + "istio-issues_text-access-logs.log"));
        textLines.addAll(lines(ISTIO_DOCS + "istio-io_access-log-task_sleep-httpbin.log"));
        lines(ELASTIC + "test-access_container_logs.log").stream()
                .map(EnvoySamples::unwrapCri)
                .forEach(textLines::add);
        String spiffe = " spiffe://cluster.local/ns/default/sa/sleep";
        textLines.add(lines(ELASTIC + "test-access-logs.log").get(0) + spiffe);
        Random random = new Random(20221109L);

        for (String line : textLines) {
            ProxyRequest fromText = text.decode(utf8(line), 1).value();
            String asJson = istioJson(fromText, random);
            ProxyRequest fromJson = json.decode(utf8(asJson), 1).value();
            assertThat(fromJson)
                    .as("%s%n  as JSON %s", line, asJson)
                    .usingRecursiveComparison()
                    .ignoringFields("format")
                    .isEqualTo(fromText);
        }
        assertThat(textLines).hasSize(42);
    }

    /**
     * Writes a request the way Istio's JSON encoder would, varying what Istio varies: key order,
     * numbers as strings, absent values as null or "-".
     */
    private static String istioJson(ProxyRequest r, Random random) throws IOException {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("start_time", r.startTime().toString());
        fields.put("method", r.method());
        fields.put("path", r.path());
        fields.put("protocol", r.protocol());
        fields.put("response_code", r.responseCode());
        fields.put("response_flags", r.responseFlags());
        fields.put("response_code_details", r.responseCodeDetails());
        fields.put("connection_termination_details", r.connectionTerminationDetails());
        fields.put("upstream_transport_failure_reason", r.upstreamTransportFailureReason());
        fields.put("bytes_received", r.bytesReceived());
        fields.put("bytes_sent", r.bytesSent());
        fields.put("duration", r.durationMillis());
        fields.put("upstream_service_time", r.upstreamServiceTimeMillis());
        fields.put("x_forwarded_for", r.forwardedFor());
        fields.put("user_agent", r.userAgent());
        fields.put("request_id", r.requestId());
        fields.put("authority", r.authority());
        fields.put("upstream_host", address(r.upstreamHost()));
        fields.put("upstream_cluster", r.upstreamCluster().raw());
        fields.put("upstream_local_address", address(r.upstreamLocalAddress()));
        fields.put("downstream_local_address", address(r.downstreamLocalAddress()));
        fields.put("downstream_remote_address", address(r.downstreamRemoteAddress()));
        fields.put("requested_server_name", r.requestedServerName());
        fields.put("route_name", r.routeName());
        fields.put("downstream_peer_uri_san", r.peerSpiffeId());
        List<String> keys = new ArrayList<>(fields.keySet());
        Collections.shuffle(keys, random);

        StringWriter out = new StringWriter();
        try (JsonGenerator g = new ObjectMapper().getFactory().createGenerator(out)) {
            g.writeStartObject();
            for (String key : keys) {
                Object value = fields.get(key);
                g.writeFieldName(key);
                if (value == null) {
                    if (random.nextBoolean()) {
                        g.writeNull();
                    } else {
                        g.writeString("-");
                    }
                } else if (value instanceof Number && random.nextBoolean()) {
                    g.writeString(value.toString());
                } else {
                    g.writeObject(value);
                }
            }
            g.writeEndObject();
        }
        return out.toString();
    }

    private static String address(HostPort address) {
        return address == null ? null : address.toString();
    }

    private static ProxyRequest withFormat(ProxyRequest r, ProxyLogFormat format) {
        return new ProxyRequest(
                r.startTime(),
                r.method(),
                r.path(),
                r.protocol(),
                r.responseCode(),
                r.responseFlags(),
                r.responseCodeDetails(),
                r.connectionTerminationDetails(),
                r.upstreamTransportFailureReason(),
                r.bytesReceived(),
                r.bytesSent(),
                r.durationMillis(),
                r.upstreamServiceTimeMillis(),
                r.forwardedFor(),
                r.userAgent(),
                r.requestId(),
                r.authority(),
                r.upstreamHost(),
                r.upstreamCluster(),
                r.upstreamLocalAddress(),
                r.downstreamLocalAddress(),
                r.downstreamRemoteAddress(),
                r.requestedServerName(),
                r.routeName(),
                r.peerSpiffeId(),
                format,
                r.pod());
    }
}
