package dev.tandem.ingest.envoy;

import static dev.tandem.ingest.envoy.EnvoySamples.ISSUES;
import static dev.tandem.ingest.envoy.EnvoySamples.lines;
import static dev.tandem.ingest.envoy.EnvoySamples.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.model.ClusterKind;
import dev.tandem.ingest.model.HostPort;
import dev.tandem.ingest.model.ProxyRequest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Which Istio TEXT layouts are read and which are dead-lettered: the 1.8 layout, the 2018-2019
 * layouts from istio.io, ztunnel lines, and lines with the optional peer SPIFFE id.
 */
class EnvoyTextLayoutTest {
    private static final String ISTIO_19_HTTP =
            "[2022-04-01T03:23:12.738Z] \"GET /get HTTP/1.1\" 200 - via_upstream - \"-\" 0 605 2 2"
                    + " \"-\" \"curl/7.82.0-DEV\" \"200efb6c-82be-4760-8ab6-7b6af588d4fb\""
                    + " \"httpbin:8000\" \"10.244.0.31:80\" inbound|80|| 127.0.0.6:52027"
                    + " 10.244.0.31:80 10.244.0.26:35086"
                    + " outbound_.8000_._.httpbin.default.svc.cluster.local default";

    private final EnvoyTextDecoder decoder = new EnvoyTextDecoder();

    private Decoded<ProxyRequest> decode(String line) {
        return decoder.decode(utf8(line), 7);
    }

    private DeadLetter deadLetter(String line) {
        Decoded<ProxyRequest> result = decode(line);
        assertThat(result.isOk()).as("expected a dead letter for %s", line).isFalse();
        return result.deadLetter();
    }

    @Test
    void istio18PassthroughLineIsReadWithoutTheTwoDetailFields() {
        ProxyRequest r =
                decode(lines(ISSUES + "istio-issues_text-access-logs_istio-1.8-format.log").get(0))
                        .value();

        assertThat(r.startTime()).isEqualTo(Instant.parse("2021-03-05T14:07:45.474Z"));
        assertThat(r.method()).isEqualTo("GET");
        assertThat(r.path()).isEqualTo("/");
        assertThat(r.responseCode()).isEqualTo(400);
        assertThat(r.responseFlags()).isNull();
        assertThat(r.responseCodeDetails()).isNull();
        assertThat(r.connectionTerminationDetails()).isNull();
        assertThat(r.upstreamTransportFailureReason()).isNull();
        assertThat(r.bytesSent()).isEqualTo(3526);
        assertThat(r.durationMillis()).isEqualTo(1L);
        assertThat(r.userAgent()).isEqualTo("curl/7.71.1");
        assertThat(r.authority()).isEqualTo("www.baidu.com");
        assertThat(r.upstreamHost()).isEqualTo(new HostPort("21.100.174.62", 80));
        assertThat(r.upstreamCluster().kind()).isEqualTo(ClusterKind.PASSTHROUGH);
        assertThat(r.upstreamLocalAddress()).isEqualTo(new HostPort("22.168.24.81", 54598));
        assertThat(r.downstreamRemoteAddress()).isEqualTo(new HostPort("22.168.24.81", 54596));
        assertThat(r.requestedServerName()).isNull();
        assertThat(r.routeName()).isEqualTo("allow_any");
    }

    @Test
    void istio18InboundLineIsReadWithMtlsFromTheSni() {
        ProxyRequest r =
                decode(lines(ISSUES + "istio-issues_text-access-logs_istio-1.8-format.log").get(1))
                        .value();

        assertThat(r.startTime()).isEqualTo(Instant.parse("2020-10-29T21:51:57.945Z"));
        assertThat(r.responseCode()).isEqualTo(418);
        assertThat(r.upstreamCluster().kind()).isEqualTo(ClusterKind.INBOUND);
        assertThat(r.upstreamCluster().port()).isEqualTo(8000);
        assertThat(r.downstreamLocalAddress()).isEqualTo(new HostPort("10.244.0.14", 80));
        assertThat(r.requestId()).isEqualTo("f65c68d3-619a-44c7-a9c1-44384b3055ba");
        assertThat(r.mutualTlsSeen()).isTrue();
        assertThat(r.routeName()).isEqualTo("default");
    }

    @Test
    void ztunnelAmbientLineIsUnsupportedAndNamedAsSuch() {
        List<String> ztunnel = lines(ISSUES + "ztunnel-ambient_access-log.log");
        assertThat(ztunnel).hasSize(1);

        DeadLetter letter = deadLetter(ztunnel.get(0));

        assertThat(letter.reason()).isEqualTo(DeadLetterReason.UNSUPPORTED_FORMAT);
        assertThat(letter.detail()).contains("Istio ambient ztunnel");
        assertThat(letter.source()).isEqualTo("envoy-text");
        assertThat(letter.position()).isEqualTo(7);
        assertThat(letter.originalText()).isEqualTo(ztunnel.get(0));
    }

    /** Expected outcome per istio.io line number: the reason and a fragment of the detail. */
    private static final Map<Integer, List<Object>> LEGACY_OUTCOMES =
            Map.ofEntries(
                    Map.entry(311, unsupported("(Istio 1.0 era)")),
                    Map.entry(
                            500,
                            List.of(
                                    DeadLetterReason.INVALID_FIELD,
                                    "upstream_host: bad port in address: <Your MongoDB IP>")),
                    Map.entry(1095, unsupported("(Istio 1.0 era)")),
                    Map.entry(1096, unsupported("(Istio 1.0 era)")),
                    Map.entry(240, unsupported("(Istio 1.0 era)")),
                    Map.entry(259, unsupported("(Istio 1.0 era)")),
                    Map.entry(56, unsupported("(Istio 1.0 era)")),
                    Map.entry(57, unsupported("(Istio 1.0 era)")),
                    Map.entry(408, unsupported("(Istio 1.0 era)")),
                    Map.entry(409, unsupported("(Istio 1.0 era)")),
                    Map.entry(416, unsupported("without ROUTE_NAME (Istio 1.1-1.2")),
                    Map.entry(417, unsupported("without ROUTE_NAME (Istio 1.1-1.2")),
                    Map.entry(74, unsupported("without ROUTE_NAME (Istio 1.1-1.2")),
                    Map.entry(81, unsupported("without ROUTE_NAME (Istio 1.1-1.2")),
                    Map.entry(185, unsupported("(Istio 1.0 era)")),
                    Map.entry(234, unsupported("(Istio 1.0 era)")),
                    Map.entry(799, unsupported("(Istio 1.0 era)")),
                    Map.entry(271, unsupported("Mixer status")),
                    Map.entry(506, unsupported("(Istio 1.0 era)")),
                    Map.entry(172, unsupported("(Istio 1.0 era)")),
                    Map.entry(639, unsupported("(Istio 1.0 era)")),
                    Map.entry(640, unsupported("(Istio 1.0 era)")));

    private static List<Object> unsupported(String fragment) {
        return List.of(DeadLetterReason.UNSUPPORTED_FORMAT, fragment);
    }

    @Test
    void everyIstioIo2018To2019LineIsDeadLetteredWithItsLayoutNamed() {
        List<EnvoySamples.LegacyLine> legacy = EnvoySamples.legacyLines();
        assertThat(legacy).hasSize(22);
        assertThat(legacy)
                .extracting(EnvoySamples.LegacyLine::lineNo)
                .containsExactlyInAnyOrderElementsOf(LEGACY_OUTCOMES.keySet());

        for (EnvoySamples.LegacyLine line : legacy) {
            List<Object> expected = LEGACY_OUTCOMES.get(line.lineNo());
            DeadLetter letter = deadLetter(line.logLine());
            assertThat(letter.reason())
                    .as("%s: %s", line, letter.detail())
                    .isEqualTo(expected.get(0));
            assertThat(letter.detail()).as("%s", line).contains((String) expected.get(1));
            if (letter.reason() == DeadLetterReason.UNSUPPORTED_FORMAT) {
                assertThat(letter.detail()).startsWith("pre-1.9 Istio TEXT layout");
            }
        }
    }

    @Test
    void trailingPeerSpiffeIdIsReadAsMtlsEvidence() {
        ProxyRequest r =
                decode(ISTIO_19_HTTP + " spiffe://cluster.local/ns/default/sa/sleep").value();

        assertThat(r.peerSpiffeId()).isEqualTo("spiffe://cluster.local/ns/default/sa/sleep");
        assertThat(r.routeName()).isEqualTo("default");
        assertThat(r.mutualTlsSeen()).isTrue();
    }

    @Test
    void trailingDashMeansNoPeerSpiffeId() {
        ProxyRequest r = decode(ISTIO_19_HTTP + " -").value();

        assertThat(r.peerSpiffeId()).isNull();
        assertThat(r.routeName()).isEqualTo("default");
    }

    @Test
    void istio18LineWithAPeerSpiffeIdIsRead() {
        String line18 = lines(ISSUES + "istio-issues_text-access-logs_istio-1.8-format.log").get(1);

        ProxyRequest r = decode(line18 + " spiffe://cluster.local/ns/default/sa/sleep").value();

        assertThat(r.peerSpiffeId()).isEqualTo("spiffe://cluster.local/ns/default/sa/sleep");
        assertThat(r.routeName()).isEqualTo("default");
    }

    @Test
    void aTrailingFieldThatIsNotASpiffeIdIsACustomFormat() {
        DeadLetter letter = deadLetter(ISTIO_19_HTTP + " extra-field");

        assertThat(letter.reason()).isEqualTo(DeadLetterReason.MALFORMED_TEXT);
        assertThat(letter.detail()).contains("peer SPIFFE id").contains("'extra-field'");
    }

    @Test
    void aMissingOrExtraFieldIsMalformedWithTheCountsSaid() {
        String withoutRoute = ISTIO_19_HTTP.substring(0, ISTIO_19_HTTP.lastIndexOf(' '));
        DeadLetter missing = deadLetter(withoutRoute);
        DeadLetter extra = deadLetter(ISTIO_19_HTTP + " - more");

        assertThat(missing.reason()).isEqualTo(DeadLetterReason.MALFORMED_TEXT);
        assertThat(missing.detail())
                .contains("Istio 1.9+ line has 22 fields")
                .contains("this one has 21");
        assertThat(extra.reason()).isEqualTo(DeadLetterReason.MALFORMED_TEXT);
        assertThat(extra.detail()).contains("this one has 24");
    }

    @Test
    void aQuotedFieldWhereNoneBelongsIsMalformed() {
        DeadLetter letter = deadLetter(ISTIO_19_HTTP.replace("inbound|80||", "\"inbound|80||\""));

        assertThat(letter.reason()).isEqualTo(DeadLetterReason.MALFORMED_TEXT);
        assertThat(letter.detail()).contains("quoted");
    }

    @Test
    void aUserAgentWithAQuoteThatIsNotFollowedByASpaceStaysWhole() {
        ProxyRequest r =
                decode(ISTIO_19_HTTP.replace("curl/7.82.0-DEV", "say \"hi\"there (x; y)")).value();

        assertThat(r.userAgent()).isEqualTo("say \"hi\"there (x; y)");
    }

    @Test
    void otherLinesAreUnknownWithAHint() {
        assertThat(deadLetter("{\"start_time\":\"2022-09-08T12:51:05.656Z\"}").detail())
                .contains("envoy-json");
        DeadLetter cri = deadLetter("2022-07-22T12:24:12.325744791Z stdout F " + ISTIO_19_HTTP);
        assertThat(cri.reason()).isEqualTo(DeadLetterReason.UNKNOWN_FORMAT);
        assertThat(cri.detail()).contains("CRI");
        DeadLetter syslog = deadLetter("Nov 26 12:00:00 node kernel: hello");
        assertThat(syslog.reason()).isEqualTo(DeadLetterReason.UNKNOWN_FORMAT);
        assertThat(syslog.detail()).contains("[START_TIME]");
    }
}
