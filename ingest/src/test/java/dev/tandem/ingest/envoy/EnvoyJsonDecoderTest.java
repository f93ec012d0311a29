package dev.tandem.ingest.envoy;

import static dev.tandem.ingest.envoy.EnvoySamples.ELASTIC;
import static dev.tandem.ingest.envoy.EnvoySamples.ISSUES;
import static dev.tandem.ingest.envoy.EnvoySamples.lines;
import static dev.tandem.ingest.envoy.EnvoySamples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.model.ClusterKind;
import dev.tandem.ingest.model.HostPort;
import dev.tandem.ingest.model.ProxyLogFormat;
import dev.tandem.ingest.model.ProxyRequest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Istio's JSON encoding: every sample line, key order, value conventions and the required key. */
class EnvoyJsonDecoderTest {
    private final EnvoyJsonDecoder decoder = new EnvoyJsonDecoder();

    private Decoded<ProxyRequest> decode(String json) {
        return decoder.decode(utf8(json), 3);
    }

    private ProxyRequest ok(String json) {
        Decoded<ProxyRequest> result = decode(json);
        assertThat(result.isOk()).as("decoded %s -> %s", json, result).isTrue();
        return result.value();
    }

    private DeadLetter failed(String json) {
        Decoded<ProxyRequest> result = decode(json);
        assertThat(result.isOk()).as("expected a dead letter for %s", json).isFalse();
        return result.deadLetter();
    }

    @Test
    void inboundReviewsRecordHasEveryField() {
        ProxyRequest r = ok(lines(ELASTIC + "test-access-json-logs.log").get(0));

        assertThat(r.startTime()).isEqualTo(Instant.parse("2022-09-08T12:51:05.656Z"));
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.path()).isEqualTo("/reviews/0");
        assertThat(r.protocol()).isEqualTo("HTTP/1.1");
        assertThat(r.responseCode()).isEqualTo(200);
        assertThat(r.responseFlags()).isNull();
        assertThat(r.responseCodeDetails()).isEqualTo("via_upstream");
        assertThat(r.connectionTerminationDetails()).isNull();
        assertThat(r.upstreamTransportFailureReason()).isNull();
        assertThat(r.bytesReceived()).isZero();
        assertThat(r.bytesSent()).isEqualTo(358);
        assertThat(r.durationMillis()).isEqualTo(15L);
        assertThat(r.upstreamServiceTimeMillis()).as("a string in the sample").isEqualTo(14L);
        assertThat(r.forwardedFor()).isNull();
        assertThat(r.userAgent()).isEqualTo("curl/7.79.1");
        assertThat(r.requestId()).isEqualTo("9fcc7101-13bd-9753-98d6-820806088d9d");
        assertThat(r.authority()).isEqualTo("reviews:9080");
        assertThat(r.upstreamHost()).isEqualTo(new HostPort("10.124.1.5", 9080));
        assertThat(r.upstreamCluster().kind()).isEqualTo(ClusterKind.INBOUND);
        assertThat(r.upstreamCluster().port()).isEqualTo(9080);
        assertThat(r.upstreamLocalAddress()).isEqualTo(new HostPort("127.0.0.6", 37685));
        assertThat(r.downstreamLocalAddress()).isEqualTo(new HostPort("10.124.1.5", 9080));
        assertThat(r.downstreamRemoteAddress()).isEqualTo(new HostPort("10.124.0.13", 43612));
        assertThat(r.requestedServerName())
                .isEqualTo("outbound_.9080_._.reviews.default.svc.cluster.local");
        assertThat(r.routeName()).isEqualTo("default");
        assertThat(r.peerSpiffeId()).isNull();
        assertThat(r.mutualTlsSeen()).isTrue();
        assertThat(r.format()).isEqualTo(ProxyLogFormat.JSON);
    }

    @Test
    void ipv6RemoteAndAUserAgentWithSpaces() {
        ProxyRequest r = ok(lines(ELASTIC + "test-access-json-logs.log").get(1));

        assertThat(r.downstreamRemoteAddress()).isEqualTo(new HostPort("2a02:cf40::4e36", 5000));
        assertThat(r.userAgent())
                .isEqualTo(
                        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML,"
                                + " like Gecko) Chrome/103.0.5060.114 Safari/537.36");
    }

    @Test
    void codecErrorRecordWithDashesAndNulls() {
        ProxyRequest r = ok(lines(ELASTIC + "test-access-json-logs.log").get(2));

        assertThat(r.startTime()).isEqualTo(Instant.parse("2022-09-01T09:36:33.553Z"));
        assertThat(r.method()).isNull();
        assertThat(r.path()).isNull();
        assertThat(r.protocol()).isEqualTo("HTTP/1.1");
        assertThat(r.responseCode()).isEqualTo(400);
        assertThat(r.responseFlags()).isEqualTo("DPE");
        assertThat(r.responseCodeDetails()).isEqualTo("http1.codec_error");
        assertThat(r.upstreamTransportFailureReason()).as("\"-\"").isNull();
        assertThat(r.requestId()).isNull();
        assertThat(r.upstreamCluster().kind()).isEqualTo(ClusterKind.NONE);
        assertThat(r.upstreamLocalAddress()).isNull();
        assertThat(r.upstreamServiceTimeMillis()).isNull();
        assertThat(r.downstreamRemoteAddress()).isEqualTo(new HostPort("10.128.0.60", 51643));
    }

    @Test
    void blackholeRecordOfNullsIsATcpConnection() {
        List<String> blackhole = lines(ISSUES + "istio-issues_json-access-log_blackhole.ndjson");
        assertThat(blackhole).hasSize(1);

        ProxyRequest r = ok(blackhole.get(0));

        assertThat(r.startTime()).isEqualTo(Instant.parse("2021-06-04T14:35:50.462Z"));
        assertThat(r.isTcp()).isTrue();
        assertThat(r.protocol()).isNull();
        assertThat(r.responseCode()).isZero();
        assertThat(r.responseFlags()).isEqualTo("UH");
        assertThat(r.durationMillis()).isEqualTo(8L);
        assertThat(r.upstreamHost()).isNull();
        assertThat(r.upstreamCluster().kind()).isEqualTo(ClusterKind.NONE);
        assertThat(r.downstreamLocalAddress()).isEqualTo(new HostPort("13.249.75.75", 443));
        assertThat(r.downstreamRemoteAddress()).isEqualTo(new HostPort("172.17.3.28", 35070));
        assertThat(r.mutualTlsSeen()).isFalse();
    }

    @Test
    void numbersMayBeStringsAndWholeFloats() {
        ProxyRequest r =
                ok(
                        "{\"start_time\":\"2022-09-08T12:51:05.656Z\",\"response_code\":\"503\","
                                + "\"bytes_received\":\"12\",\"bytes_sent\":15.0,\"duration\":\"-\","
                                + "\"upstream_service_time\":7}");

        assertThat(r.responseCode()).isEqualTo(503);
        assertThat(r.bytesReceived()).isEqualTo(12);
        assertThat(r.bytesSent()).isEqualTo(15);
        assertThat(r.durationMillis()).isNull();
        assertThat(r.upstreamServiceTimeMillis()).isEqualTo(7L);
    }

    @Test
    void keyOrderDoesNotMatterAndTheLastRepeatedKeyWins() {
        ProxyRequest r =
                ok(
                        "{\"route_name\":\"default\",\"method\":\"POST\",\"upstream_cluster\":"
                                + "\"outbound|9080|v2|reviews.default.svc.cluster.local\","
                                + "\"start_time\":\"2022-09-08T12:51:05Z\",\"method\":\"PUT\"}");

        assertThat(r.method()).isEqualTo("PUT");
        assertThat(r.startTime()).isEqualTo(Instant.parse("2022-09-08T12:51:05Z"));
        assertThat(r.upstreamCluster().kind()).isEqualTo(ClusterKind.OUTBOUND);
        assertThat(r.upstreamCluster().subset()).isEqualTo("v2");
        assertThat(r.routeName()).isEqualTo("default");
    }

    @Test
    void peerSpiffeIdUnderEitherKey() {
        String spiffe = "spiffe://cluster.local/ns/default/sa/sleep";
        String base = "{\"start_time\":\"2022-09-08T12:51:05.656Z\",";

        assertThat(ok(base + "\"downstream_peer_uri_san\":\"" + spiffe + "\"}").peerSpiffeId())
                .isEqualTo(spiffe);
        assertThat(ok(base + "\"peer_spiffe_id\":\"" + spiffe + "\"}").mutualTlsSeen()).isTrue();
        assertThat(ok(base + "\"downstream_peer_uri_san\":\"-\"}").peerSpiffeId()).isNull();
    }

    @Test
    void unknownKeysAreSkippedWhateverTheirShape() {
        ProxyRequest r =
                ok(
                        "{\"grpc_status\":\"OK\",\"extra\":{\"a\":[1,2,{\"b\":null}]},"
                                + "\"start_time\":\"2022-09-08T12:51:05.656Z\",\"list\":[true],"
                                + "\"response_code\":200}");

        assertThat(r.responseCode()).isEqualTo(200);
    }

    @Test
    void startTimeIsRequired() {
        DeadLetter missing = failed("{\"method\":\"GET\",\"response_code\":200}");
        DeadLetter nulled = failed("{\"start_time\":null,\"method\":\"GET\"}");
        DeadLetter dashed = failed("{\"start_time\":\"-\",\"method\":\"GET\"}");

        assertThat(missing.reason()).isEqualTo(DeadLetterReason.MISSING_FIELD);
        assertThat(missing.detail()).contains("start_time");
        assertThat(nulled.reason()).isEqualTo(DeadLetterReason.MISSING_FIELD);
        assertThat(dashed.reason()).isEqualTo(DeadLetterReason.MISSING_FIELD);
    }

    @Test
    void anObjectWithNoIstioKeysIsUnknown() {
        DeadLetter letter = failed("{\"log\":\"hello\",\"stream\":\"stdout\"}");

        assertThat(letter.reason()).isEqualTo(DeadLetterReason.UNKNOWN_FORMAT);
        assertThat(letter.detail()).contains("none of Istio's access log keys");
        assertThat(letter.source()).isEqualTo("envoy-json");
        assertThat(letter.position()).isEqualTo(3);
    }

    @Test
    void aTextLineGivenToTheJsonDecoderIsNamed() {
        DeadLetter letter = failed(lines(ELASTIC + "test-access-logs.log").get(0));

        assertThat(letter.reason()).isEqualTo(DeadLetterReason.UNKNOWN_FORMAT);
        assertThat(letter.detail()).contains("Envoy TEXT line");
    }
}
