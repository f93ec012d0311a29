package dev.tandem.ingest.envoy;

import static dev.tandem.ingest.envoy.EnvoySamples.ELASTIC;
import static dev.tandem.ingest.envoy.EnvoySamples.ISSUES;
import static dev.tandem.ingest.envoy.EnvoySamples.ISTIO_DOCS;
import static dev.tandem.ingest.envoy.EnvoySamples.lines;
import static dev.tandem.ingest.envoy.EnvoySamples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.model.ClusterKind;
import dev.tandem.ingest.model.HostPort;
import dev.tandem.ingest.model.ProxyLogFormat;
import dev.tandem.ingest.model.ProxyRequest;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every line of the Istio 1.9+ TEXT samples, decoded with its values checked. */
class EnvoyTextDecoderSamplesTest {
    private static final String CHROME_103 =
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like"
                    + " Gecko) Chrome/103.0.5060.114 Safari/537.36";
    private static final String CHROME_104 =
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like"
                    + " Gecko) Chrome/104.0.5112.102 Safari/537.36";

    private final EnvoyTextDecoder decoder = new EnvoyTextDecoder();

    private ProxyRequest decode(String line) {
        Decoded<ProxyRequest> result = decoder.decode(utf8(line), 1);
        assertThat(result.isOk()).as("decoded %s -> %s", line, result).isTrue();
        return result.value();
    }

    private ProxyRequest line(String file, int number) {
        return decode(lines(file).get(number - 1));
    }

    @Test
    void bookinfoInboundLineHasEveryField() {
        ProxyRequest r = line(ELASTIC + "test-access-logs.log", 1);

        assertThat(r.startTime()).isEqualTo(Instant.parse("2022-07-20T09:52:24.955Z"));
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.path()).isEqualTo("/details/0");
        assertThat(r.protocol()).isEqualTo("HTTP/1.1");
        assertThat(r.responseCode()).isEqualTo(200);
        assertThat(r.responseFlags()).isNull();
        assertThat(r.responseCodeDetails()).isEqualTo("via_upstream");
        assertThat(r.connectionTerminationDetails()).isNull();
        assertThat(r.upstreamTransportFailureReason()).isNull();
        assertThat(r.bytesReceived()).isZero();
        assertThat(r.bytesSent()).isEqualTo(178);
        assertThat(r.durationMillis()).isEqualTo(2L);
        assertThat(r.upstreamServiceTimeMillis()).isEqualTo(1L);
        assertThat(r.forwardedFor()).isNull();
        assertThat(r.userAgent()).isEqualTo(CHROME_103);
        assertThat(r.requestId()).isEqualTo("785918d6-06b6-9312-bf77-6d9bd968dc21");
        assertThat(r.authority()).isEqualTo("details:9080");
        assertThat(r.upstreamHost()).isEqualTo(new HostPort("10.68.2.10", 9080));
        assertThat(r.upstreamCluster().kind()).isEqualTo(ClusterKind.INBOUND);
        assertThat(r.upstreamCluster().port()).isEqualTo(9080);
        assertThat(r.upstreamCluster().host()).isNull();
        assertThat(r.upstreamCluster().raw()).isEqualTo("inbound|9080||");
        assertThat(r.upstreamLocalAddress()).isEqualTo(new HostPort("127.0.0.6", 47889));
        assertThat(r.downstreamLocalAddress()).isEqualTo(new HostPort("10.68.2.10", 9080));
        assertThat(r.downstreamRemoteAddress()).isEqualTo(new HostPort("10.68.1.7", 39696));
        assertThat(r.requestedServerName())
                .isEqualTo("outbound_.9080_._.details.default.svc.cluster.local");
        assertThat(r.routeName()).isEqualTo("default");
        assertThat(r.peerSpiffeId()).isNull();
        assertThat(r.mutualTlsSeen()).isTrue();
        assertThat(r.isTcp()).isFalse();
        assertThat(r.format()).isEqualTo(ProxyLogFormat.TEXT);
        assertThat(r.pod()).isNull();
    }

    @ParameterizedTest(name = "test-access-logs.log line {0}")
    @CsvSource({
        "1, 2022-07-20T09:52:24.955Z, /details/0, 178, 2, 1, INBOUND, , 10.68.1.7, 39696, true",
        "2, 2022-07-20T09:52:25.642Z, /static/bootstrap/fonts/glyphicons-halflings-regular.woff2,"
                + " 18028, 3, 3, INBOUND, , 10.128.0.64, 0, true",
        "3, 2022-08-22T10:51:35.926Z, /reviews/0, 437, 30, 29, INBOUND, , 10.124.2.6, 54438, true",
        "4, 2022-08-22T13:08:23.188Z, /reviews/0, 442, 12, 12, OUTBOUND,"
                + " reviews.default.svc.cluster.local, 10.124.2.6, 52930, false",
        "5, 2022-08-22T13:08:23.169Z, /productpage, 5294, 35, 34, INBOUND, , 10.128.0.161, 0, true",
        "6, 2022-08-22T13:08:23.448Z, /details/0, 178, 3, 3, OUTBOUND,"
                + " details.default.svc.cluster.local, 10.124.2.6, 49098, false",
        "7, 2022-08-22T13:20:22.460Z, /ratings/0, 48, 1, 0, INBOUND, , 10.124.0.12, 58774, true",
        "8, 2022-08-22T13:20:22.460Z, /ratings/0, 48, 1, 0, INBOUND, , 2a02:cf40::4e36, 5000, true"
    })
    void bookinfoLines(
            int number,
            String startTime,
            String path,
            long bytesSent,
            long duration,
            long upstreamServiceTime,
            ClusterKind kind,
            String clusterHost,
            String remoteHost,
            int remotePort,
            boolean mtls) {
        ProxyRequest r = line(ELASTIC + "test-access-logs.log", number);

        assertThat(r.startTime()).isEqualTo(Instant.parse(startTime));
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.path()).isEqualTo(path);
        assertThat(r.responseCode()).isEqualTo(200);
        assertThat(r.bytesSent()).isEqualTo(bytesSent);
        assertThat(r.durationMillis()).isEqualTo(duration);
        assertThat(r.upstreamServiceTimeMillis()).isEqualTo(upstreamServiceTime);
        assertThat(r.upstreamCluster().kind()).isEqualTo(kind);
        assertThat(r.upstreamCluster().port()).isEqualTo(9080);
        assertThat(r.upstreamCluster().host()).isEqualTo(clusterHost);
        assertThat(r.downstreamRemoteAddress()).isEqualTo(new HostPort(remoteHost, remotePort));
        assertThat(r.mutualTlsSeen()).isEqualTo(mtls);
        assertThat(r.routeName()).isEqualTo("default");
    }

    @Test
    void bracketedIpv6AddressesLoseTheirBrackets() {
        ProxyRequest r = line(ELASTIC + "test-access-logs.log", 8);

        assertThat(r.upstreamHost()).isEqualTo(new HostPort("2a02:cf40::7", 3000));
        assertThat(r.downstreamRemoteAddress().host()).isEqualTo("2a02:cf40::4e36");
        assertThat(r.downstreamRemoteAddress().port()).isEqualTo(5000);
        assertThat(r.downstreamLocalAddress()).isEqualTo(new HostPort("10.124.0.11", 9080));
    }

    @Test
    void forwardedForAndPublicAuthorityOnIngressTraffic() {
        ProxyRequest r = line(ELASTIC + "test-access-logs.log", 2);

        assertThat(r.forwardedFor()).isEqualTo("10.128.0.64");
        assertThat(r.authority()).isEqualTo("35.184.82.199");
        assertThat(r.userAgent()).isEqualTo(CHROME_103);
    }

    @Test
    void outboundLineHasNoSniAndSoNoMtlsEvidence() {
        ProxyRequest r = line(ELASTIC + "test-access-logs.log", 4);

        assertThat(r.requestedServerName()).isNull();
        assertThat(r.upstreamLocalAddress()).isEqualTo(new HostPort("10.124.2.6", 50960));
        assertThat(r.downstreamLocalAddress()).isEqualTo(new HostPort("10.0.18.132", 9080));
        assertThat(r.upstreamCluster().kind().isOutboundSide()).isTrue();
    }

    @ParameterizedTest(name = "test-access-failed.log line {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "1 | 2022-06-22T10:17:14.118Z | 503 | UH | no_healthy_upstream | OUTBOUND | 19 | 1",
                "2 | 2022-06-22T10:27:00.362Z | 418 |    | via_upstream        | OUTBOUND | 135 | 25",
                "3 | 2022-09-01T09:50:40.396Z | 404 | NR | route_not_found     | NONE     | 0 | 0",
                "4 | 2022-09-01T11:33:22.455Z | 404 | NR | route_not_found     | NONE     | 0 | 0",
                "5 | 2022-09-01T09:36:33.553Z | 400 | DPE | http1.codec_error  | NONE     | 11 | 46",
                "6 | 2022-09-01T13:15:57.905Z | 503 | UH | no_healthy_upstream | OUTBOUND | 19 | 0",
                "7 | 2022-09-01T13:15:09.085Z | 503 | UF |"
                        + " upstream_reset_before_response_started{connection_failure,delayed_connect_error:_111}"
                        + " | INBOUND | 145 | 0",
                "8 | 2022-09-01T13:08:55.358Z | 0 | DC | downstream_remote_disconnect | INBOUND | 0 |"
                        + " 746"
            })
    void failedRequestLines(
            int number,
            String startTime,
            int code,
            String flags,
            String details,
            ClusterKind kind,
            long bytesSent,
            long duration) {
        ProxyRequest r = line(ELASTIC + "test-access-failed.log", number);

        assertThat(r.startTime()).isEqualTo(Instant.parse(startTime));
        assertThat(r.responseCode()).isEqualTo(code);
        assertThat(r.responseFlags()).isEqualTo(flags);
        assertThat(r.responseCodeDetails()).isEqualTo(details);
        assertThat(r.upstreamCluster().kind()).isEqualTo(kind);
        assertThat(r.bytesSent()).isEqualTo(bytesSent);
        assertThat(r.durationMillis()).isEqualTo(duration);
    }

    @Test
    void noHealthyUpstreamHasNoUpstreamHostNorServiceTime() {
        ProxyRequest r = line(ELASTIC + "test-access-failed.log", 1);

        assertThat(r.upstreamHost()).isNull();
        assertThat(r.upstreamLocalAddress()).isNull();
        assertThat(r.upstreamServiceTimeMillis()).isNull();
        assertThat(r.upstreamCluster().host()).isEqualTo("httpbin.default.svc.cluster.local");
        assertThat(r.upstreamCluster().port()).isEqualTo(8000);
        assertThat(r.userAgent()).isEqualTo("curl/7.83.1-DEV");
    }

    @Test
    void routeNotFoundOnTheGatewayHasNoClusterNoRouteAndAScannerUserAgent() {
        ProxyRequest r = line(ELASTIC + "test-access-failed.log", 4);

        assertThat(r.path()).isEqualTo("/portal/redlion");
        assertThat(r.userAgent()).isEqualTo("Mozilla/5.0 zgrab/0.x");
        assertThat(r.forwardedFor()).isEqualTo("10.124.2.1");
        assertThat(r.upstreamCluster().raw()).isNull();
        assertThat(r.routeName()).isNull();
        assertThat(r.requestedServerName()).isNull();
        assertThat(line(ELASTIC + "test-access-failed.log", 3).userAgent()).isEqualTo(CHROME_104);
    }

    @Test
    void codecErrorHasAProtocolButNoMethodPathOrHeaders() {
        ProxyRequest r = line(ELASTIC + "test-access-failed.log", 5);

        assertThat(r.method()).isNull();
        assertThat(r.path()).isNull();
        assertThat(r.protocol()).isEqualTo("HTTP/1.1");
        assertThat(r.userAgent()).isNull();
        assertThat(r.requestId()).isNull();
        assertThat(r.authority()).isNull();
        assertThat(r.downstreamRemoteAddress()).isEqualTo(new HostPort("10.128.0.60", 51643));
    }

    @Test
    void connectionFailureDetailsKeepTheirBracesAndCommas() {
        ProxyRequest r = line(ELASTIC + "test-access-failed.log", 7);

        assertThat(r.responseCodeDetails())
                .isEqualTo(
                        "upstream_reset_before_response_started{connection_failure,delayed_connect_error:_111}");
        assertThat(r.upstreamLocalAddress()).isNull();
        assertThat(r.upstreamHost()).isEqualTo(new HostPort("10.124.2.14", 9080));
        assertThat(r.mutualTlsSeen()).isTrue();
    }

    @Test
    void containerLogLinesDecodeOnceTheCriEnvelopeIsRemoved() {
        List<String> envelopes = lines(ELASTIC + "test-access_container_logs.log");
        assertThat(envelopes).hasSize(15);

        for (int i = 0; i < envelopes.size(); i++) {
            ProxyRequest r = decode(EnvoySamples.unwrapCri(envelopes.get(i)));
            boolean ratings = r.path().equals("/ratings/0");
            assertThat(r.path()).as("line %d", i + 1).isIn("/ratings/0", "/reviews/0");
            assertThat(r.upstreamCluster().kind())
                    .as("line %d", i + 1)
                    .isEqualTo(ratings ? ClusterKind.OUTBOUND : ClusterKind.INBOUND);
            assertThat(r.upstreamCluster().port()).isEqualTo(9080);
            assertThat(r.mutualTlsSeen()).isEqualTo(!ratings);
            assertThat(r.startTime()).isAfter(Instant.parse("2022-07-22T12:24:09Z"));
            assertThat(r.startTime()).isBefore(Instant.parse("2022-07-22T12:24:22.2Z"));
            assertThat(r.userAgent()).isEqualTo("curl/7.79.1");
        }
    }

    @ParameterizedTest(name = "test-access_container_logs.log line {0}")
    @CsvSource({
        "1, 2022-07-22T12:24:09.217Z, 0, DC, 3106, d0caf832-6a17-916f-83b4-71a33dc038db",
        "2, 2022-07-22T12:24:12.945Z, 200, , 62, d0caf832-6a17-916f-83b4-71a33dc038db",
        "3, 2022-07-22T12:24:16.069Z, 200, , 2, 05106d2a-339c-996d-9fae-37276f2a6ac7",
        "4, 2022-07-22T12:24:16.032Z, 200, , 52, 05106d2a-339c-996d-9fae-37276f2a6ac7",
        "5, 2022-07-22T12:24:16.867Z, 200, , 2, e315b6c0-3619-987e-8a98-6463fa479964",
        "6, 2022-07-22T12:24:16.851Z, 200, , 22, e315b6c0-3619-987e-8a98-6463fa479964",
        "7, 2022-07-22T12:24:17.620Z, 200, , 2, b4246de4-be8d-9854-9db0-7a03d015221d",
        "8, 2022-07-22T12:24:17.596Z, 200, , 29, b4246de4-be8d-9854-9db0-7a03d015221d",
        "9, 2022-07-22T12:24:18.752Z, 200, , 2, 7fcdfa87-0779-98e0-a045-eca1b429a774",
        "10, 2022-07-22T12:24:18.740Z, 200, , 18, 7fcdfa87-0779-98e0-a045-eca1b429a774",
        "11, 2022-07-22T12:24:20.147Z, 200, , 3, 1d40173c-76c5-9be4-977d-ba5d3ff96115",
        "12, 2022-07-22T12:24:20.134Z, 200, , 22, 1d40173c-76c5-9be4-977d-ba5d3ff96115",
        "13, 2022-07-22T12:24:20.867Z, 200, , 2, 418a7b2b-ca74-9c0f-b82f-9ae98b5f5519",
        "14, 2022-07-22T12:24:20.854Z, 200, , 20, 418a7b2b-ca74-9c0f-b82f-9ae98b5f5519",
        "15, 2022-07-22T12:24:21.931Z, 200, , 2, 2a11a425-4e29-90cc-afa6-a8ae821b9312"
    })
    void containerLogLine(
            int number, String startTime, int code, String flags, long duration, String requestId) {
        String envelope = lines(ELASTIC + "test-access_container_logs.log").get(number - 1);
        ProxyRequest r = decode(EnvoySamples.unwrapCri(envelope));

        assertThat(r.startTime()).isEqualTo(Instant.parse(startTime));
        assertThat(r.responseCode()).isEqualTo(code);
        assertThat(r.responseFlags()).isEqualTo(flags);
        assertThat(r.durationMillis()).isEqualTo(duration);
        assertThat(r.requestId()).isEqualTo(requestId);
    }

    @Test
    void bothHalvesOfOneCallShareTheRequestId() {
        ProxyRequest client = line(ISSUES + "istio-issues_text-access-logs.log", 1);
        ProxyRequest server = line(ISSUES + "istio-issues_text-access-logs.log", 2);

        assertThat(client.requestId()).isEqualTo("200efb6c-82be-4760-8ab6-7b6af588d4fb");
        assertThat(server.requestId()).isEqualTo(client.requestId());
        assertThat(client.upstreamCluster().kind()).isEqualTo(ClusterKind.OUTBOUND);
        assertThat(client.upstreamCluster().port()).isEqualTo(8000);
        assertThat(client.upstreamCluster().host()).isEqualTo("httpbin.default.svc.cluster.local");
        assertThat(client.mutualTlsSeen()).isFalse();
        assertThat(client.userAgent()).isEqualTo("curl/7.82.0-DEV");
        assertThat(server.upstreamCluster().kind()).isEqualTo(ClusterKind.INBOUND);
        assertThat(server.upstreamCluster().port()).isEqualTo(80);
        assertThat(server.downstreamRemoteAddress()).isEqualTo(client.upstreamLocalAddress());
        assertThat(server.mutualTlsSeen()).isTrue();
        assertThat(server.startTime()).isEqualTo(Instant.parse("2022-04-01T03:23:12.738Z"));
    }

    @Test
    void blackHoledTcpConnectionHasNoMethodNoHostAndTheBlackholeKind() {
        ProxyRequest r = line(ISSUES + "istio-issues_text-access-logs.log", 3);

        assertThat(r.isTcp()).isTrue();
        assertThat(r.method()).isNull();
        assertThat(r.path()).isNull();
        assertThat(r.protocol()).isNull();
        assertThat(r.responseCode()).isZero();
        assertThat(r.responseFlags()).isEqualTo("UH");
        assertThat(r.responseCodeDetails()).isNull();
        assertThat(r.upstreamHost()).isNull();
        assertThat(r.upstreamCluster().kind()).isEqualTo(ClusterKind.BLACKHOLE);
        assertThat(r.downstreamLocalAddress()).isEqualTo(new HostPort("209.85.200.95", 443));
        assertThat(r.downstreamRemoteAddress()).isEqualTo(new HostPort("10.100.14.30", 36098));
        assertThat(r.durationMillis()).isEqualTo(8L);
        assertThat(r.upstreamServiceTimeMillis()).isNull();
    }

    @ParameterizedTest(name = "istio-issues_text-access-logs.log line {0}")
    @CsvSource({
        "4, 2023-01-17T07:31:09.559Z, 13.67.9.192, 35868, southeastasia-1.in.applicationinsights.azure.com, 0",
        "5, 2023-01-17T07:31:37.198Z, 23.98.82.215, 38380, southeastasia-1.in.applicationinsights.azure.com, 0",
        "6, 2023-01-17T07:31:52.207Z, 23.98.82.215, 56900, southeastasia-1.in.applicationinsights.azure.com, 0",
        "7, 2023-01-17T07:32:08.527Z, 40.117.80.207, 59200, rt.services.visualstudio.com, 0",
        "8, 2023-01-17T07:32:18.435Z, 13.67.9.192, 54542, southeastasia-1.in.applicationinsights.azure.com, 1"
    })
    void inboundPassthroughTcpLinesWithTwoFlags(
            int number,
            String startTime,
            String upstreamIp,
            int remotePort,
            String sni,
            long duration) {
        ProxyRequest r = line(ISSUES + "istio-issues_text-access-logs.log", number);

        assertThat(r.startTime()).isEqualTo(Instant.parse(startTime));
        assertThat(r.isTcp()).isTrue();
        assertThat(r.responseFlags()).isEqualTo("UF,URX");
        assertThat(r.upstreamHost()).isEqualTo(new HostPort(upstreamIp, 443));
        assertThat(r.upstreamCluster().kind()).isEqualTo(ClusterKind.INBOUND_PASSTHROUGH);
        assertThat(r.upstreamCluster().raw()).isEqualTo("InboundPassthroughClusterIpv4");
        assertThat(r.downstreamLocalAddress()).isEqualTo(new HostPort(upstreamIp, 443));
        assertThat(r.downstreamRemoteAddress()).isEqualTo(new HostPort("172.17.0.2", remotePort));
        assertThat(r.requestedServerName()).isEqualTo(sni);
        assertThat(r.mutualTlsSeen()).isFalse();
        assertThat(r.routeName()).isNull();
        assertThat(r.durationMillis()).isEqualTo(duration);
    }

    @Test
    void istioDocsSleepToHttpbinClientAndServerSides() {
        ProxyRequest sleep = line(ISTIO_DOCS + "istio-io_access-log-task_sleep-httpbin.log", 1);
        ProxyRequest httpbin = line(ISTIO_DOCS + "istio-io_access-log-task_sleep-httpbin.log", 2);

        assertThat(sleep.startTime()).isEqualTo(Instant.parse("2020-11-25T21:26:18.409Z"));
        assertThat(sleep.responseCode()).isEqualTo(418);
        assertThat(sleep.upstreamCluster().kind()).isEqualTo(ClusterKind.OUTBOUND);
        assertThat(sleep.upstreamCluster().host()).isEqualTo("httpbin.foo.svc.cluster.local");
        assertThat(sleep.upstreamHost()).isEqualTo(new HostPort("10.44.1.27", 80));
        assertThat(sleep.upstreamServiceTimeMillis()).isEqualTo(4L);
        assertThat(sleep.mutualTlsSeen()).isFalse();
        assertThat(httpbin.upstreamCluster().kind()).isEqualTo(ClusterKind.INBOUND);
        assertThat(httpbin.upstreamCluster().port()).isEqualTo(8000);
        assertThat(httpbin.upstreamHost()).isEqualTo(new HostPort("127.0.0.1", 80));
        assertThat(httpbin.downstreamRemoteAddress()).isEqualTo(new HostPort("10.44.1.23", 37652));
        assertThat(httpbin.requestedServerName())
                .isEqualTo("outbound_.8000_._.httpbin.foo.svc.cluster.local");
        assertThat(httpbin.mutualTlsSeen()).isTrue();
        assertThat(httpbin.requestId()).isEqualTo(sleep.requestId());
        assertThat(httpbin.upstreamServiceTimeMillis()).isEqualTo(1L);
    }
}
