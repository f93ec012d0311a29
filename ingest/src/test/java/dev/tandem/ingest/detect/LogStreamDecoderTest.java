package dev.tandem.ingest.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.io.BoundedLineReader;
import dev.tandem.ingest.model.ClusterKind;
import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.model.FlowOrigin;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.ProxyRequest;
import dev.tandem.ingest.testing.SharedFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LogStreamDecoderTest {
    private static final String ENVOY_LINE =
            "[2022-08-22T13:08:23.188Z] \"GET /reviews/0 HTTP/1.1\" 200 - via_upstream - \"-\" 0 442 12 12 \"-\""
                    + " \"curl/7.79.1\" \"00bcf1d7-12c4-93b9-b36a-bc0faac8e428\" \"reviews:9080\" \"10.124.1.5:9080\""
                    + " outbound|9080||reviews.default.svc.cluster.local 10.124.2.6:50960 10.0.18.132:9080"
                    + " 10.124.2.6:52930 - default";

    @ParameterizedTest(name = "{0}: {1} records, {2} dead letters")
    @CsvSource({
        "formats/calico/flowlogs_tigera-docs_aggregation-examples.ndjson, 7, 0",
        "formats/calico/flowlogs_tigera-docs_datatypes-example.ndjson, 1, 0",
        "formats/calico/flowlogs_observability-clinic_hipstershop-deny.ndjson, 1, 0",
        "formats/calico/flowlogs_tigera-docs_host-forwarded-examples.ndjson, 2, 0",
        "formats/calico/felix-syslog_observability-clinic_hep-deny.log, 0, 4",
        "formats/envoy/elastic-integrations-istio/test-access-logs.log, 8, 0",
        "formats/envoy/elastic-integrations-istio/test-access-failed.log, 8, 0",
        "formats/envoy/elastic-integrations-istio/test-access-json-logs.log, 3, 0",
        "formats/envoy/elastic-integrations-istio/test-access_container_logs.log, 15, 0",
        "formats/envoy/github-issues/istio-issues_text-access-logs.log, 8, 0",
        "formats/envoy/github-issues/istio-issues_text-access-logs_istio-1.8-format.log, 2, 0",
        "formats/envoy/github-issues/istio-issues_json-access-log_blackhole.ndjson, 1, 0",
        "formats/envoy/github-issues/ztunnel-ambient_access-log.log, 0, 1",
        "formats/envoy/istio-io-docs/istio-io_access-log-task_sleep-httpbin.log, 2, 0",
        // Fluent Bit's own test records wrap "Fluent Bit is logging", which is no format Tandem
        // reads.
        "formats/fluent-bit/filter_kubernetes_in_core_base.log, 0, 1",
        "formats/fluent-bit/filter_kubernetes_out_core_base.out, 0, 1",
    })
    void autoDetectionReadsEverySampleFile(String file, int records, int deadLetters)
            throws IOException {
        List<Decoded<Evidence>> results =
                decodeAll(LogKind.AUTO, Files.newInputStream(SharedFiles.path(file)));
        assertThat(results.stream().filter(Decoded::isOk)).hasSize(records);
        assertThat(results.stream().filter(r -> !r.isOk())).hasSize(deadLetters);
    }

    @Test
    void felixSyslogAndZtunnelLinesSayWhatTheyAre() throws IOException {
        Decoded<Evidence> felix =
                decodeAll(
                                LogKind.AUTO,
                                Files.newInputStream(
                                        SharedFiles.path(
                                                "formats/calico/felix-syslog_observability-clinic_hep-deny.log")))
                        .get(0);
        assertThat(felix.deadLetter().reason()).isEqualTo(DeadLetterReason.UNSUPPORTED_FORMAT);
        assertThat(felix.deadLetter().detail()).contains("Felix syslog").contains("not a flow log");

        Decoded<Evidence> ztunnel =
                decodeAll(
                                LogKind.AUTO,
                                Files.newInputStream(
                                        SharedFiles.path(
                                                "formats/envoy/github-issues/ztunnel-ambient_access-log.log")))
                        .get(0);
        assertThat(ztunnel.deadLetter().detail()).contains("ztunnel");
    }

    @Test
    void aLineOfNoKnownFormatNamesWhatWasExpected() {
        Decoded<Evidence> result = decodeAll(LogKind.AUTO, "hello, world").get(0);
        assertThat(result.deadLetter().reason()).isEqualTo(DeadLetterReason.UNKNOWN_FORMAT);
        assertThat(result.deadLetter().detail())
                .contains("Calico flow log")
                .contains("Envoy/Istio access log");
        assertThat(result.deadLetter().source()).isEqualTo("auto:test");
        assertThat(result.deadLetter().originalText()).isEqualTo("hello, world");
    }

    @Test
    void fluentBitEnvelopeAttributesTheProxyLineToItsPod() {
        String record =
                "{\"log\":\""
                        + ENVOY_LINE.replace("\"", "\\\"")
                        + "\\n\",\"stream\":\"stdout\",\"kubernetes\":"
                        + "{\"pod_name\":\"reviews-v1-6584ddcf65-k78wz\",\"namespace_name\":\"bookinfo\","
                        + "\"labels\":{\"app\":\"reviews\",\"security.istio.io/tlsMode\":\"istio\"},"
                        + "\"container_name\":\"istio-proxy\",\"pod_ip\":\"10.124.2.6\",\"host\":\"node-1\"}}";
        ProxyRequest request = (ProxyRequest) decodeAll(LogKind.AUTO, record).get(0).value();
        assertThat(request.upstreamCluster().kind()).isEqualTo(ClusterKind.OUTBOUND);
        assertThat(request.pod().pod()).isEqualTo("reviews-v1-6584ddcf65-k78wz");
        assertThat(request.pod().namespace()).isEqualTo("bookinfo");
        assertThat(request.pod().labels().carriesIstioSidecar()).isTrue();
        assertThat(request.pod().podIp()).isEqualTo("10.124.2.6");
    }

    @Test
    void aBadLineInsideAFluentBitRecordKeepsTheWholeRecord() {
        String record =
                "{\"log\":\"garbage\",\"stream\":\"stdout\",\"kubernetes\":{\"pod_name\":\"p\",\"namespace_name\":\"n\"}}";
        Decoded<Evidence> result = decodeAll(LogKind.AUTO, record).get(0);
        assertThat(result.deadLetter().originalText()).isEqualTo(record);
        assertThat(result.deadLetter().source()).startsWith("fluent-bit/");
    }

    @Test
    void criPartialPiecesAreJoinedBeforeDecoding() {
        int cut = 120;
        String lines =
                "2022-07-22T12:24:12.325744791Z stdout P "
                        + ENVOY_LINE.substring(0, cut)
                        + "\n"
                        + "2022-07-22T12:24:12.325744792Z stdout F "
                        + ENVOY_LINE.substring(cut)
                        + "\n";
        List<Decoded<Evidence>> results = decodeAll(LogKind.AUTO, lines);
        assertThat(results).hasSize(1);
        ProxyRequest request = (ProxyRequest) results.get(0).value();
        assertThat(request.authority()).isEqualTo("reviews:9080");
        assertThat(request.routeName()).isEqualTo("default");
    }

    @Test
    void aPartialCriRecordLeftAtTheEndIsADeadLetter() {
        List<Decoded<Evidence>> results =
                decodeAll(
                        LogKind.AUTO,
                        "2022-07-22T12:24:12.325744791Z stdout P " + ENVOY_LINE.substring(0, 50));
        assertThat(results).hasSize(1);
        assertThat(results.get(0).deadLetter().reason()).isEqualTo(DeadLetterReason.MALFORMED_TEXT);
    }

    @Test
    void anExplicitKindUsesItsDecoderWhateverTheLineLooksLike() {
        Decoded<Evidence> result = decodeAll(LogKind.CALICO, ENVOY_LINE).get(0);
        assertThat(result.isOk()).isFalse();
        assertThat(result.deadLetter().source()).isEqualTo("calico:test");

        Decoded<Evidence> envoy = decodeAll(LogKind.ENVOY, ENVOY_LINE).get(0);
        assertThat(envoy.value()).isInstanceOf(ProxyRequest.class);
    }

    @Test
    void goldmaneFlowsAreRecognised() {
        String flow =
                "{\"Key\":{\"source_name\":\"frontend-7d4f8c9b5-*\",\"source_namespace\":\"shop\",\"source_type\":1,"
                        + "\"dest_name\":\"cart-5b9f6c7d8-*\",\"dest_namespace\":\"shop\",\"dest_type\":1,\"dest_port\":7070,"
                        + "\"proto\":\"tcp\",\"reporter\":1,\"action\":1},\"start_time\":1732000000,\"end_time\":1732000015}";
        Decoded<Evidence> result = decodeAll(LogKind.AUTO, flow).get(0);
        assertThat(result.isOk()).as(String.valueOf(result)).isTrue();
        assertThat(((KernelFlow) result.value()).origin()).isEqualTo(FlowOrigin.GOLDMANE);
    }

    @Test
    void blankLinesAreCountedNotDecoded() {
        LogStreamDecoder decoder = new LogStreamDecoder(LogKind.AUTO, "test");
        List<Decoded<Evidence>> results = new ArrayList<>();
        for (String line : new String[] {"", "   ", "\t"}) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            decoder.accept(bytes, 0, bytes.length, 1, results::add);
        }
        assertThat(results).isEmpty();
        assertThat(decoder.blankLines()).isEqualTo(3);
    }

    @Test
    void aLineCutByTheReaderIsTooLarge() throws IOException {
        String huge = "{\"reporter\":\"" + "x".repeat(5000) + "\"}";
        BoundedLineReader reader =
                new BoundedLineReader(
                        new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8)), 1000);
        LogStreamDecoder decoder = new LogStreamDecoder(LogKind.AUTO, "test");
        List<Decoded<Evidence>> results = new ArrayList<>();
        decoder.accept(reader.next(), results::add);
        assertThat(results.get(0).deadLetter().reason()).isEqualTo(DeadLetterReason.TOO_LARGE);
        assertThat(results.get(0).deadLetter().original()).hasSize(1000);
        assertThat(results.get(0).deadLetter().detail()).contains(String.valueOf(huge.length()));
    }

    private static List<Decoded<Evidence>> decodeAll(LogKind kind, String text) {
        try {
            return decodeAll(kind, new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static List<Decoded<Evidence>> decodeAll(LogKind kind, InputStream in)
            throws IOException {
        LogStreamDecoder decoder = new LogStreamDecoder(kind, "test");
        List<Decoded<Evidence>> results = new ArrayList<>();
        try (in) {
            BoundedLineReader reader = new BoundedLineReader(in);
            for (BoundedLineReader.Line line = reader.next(); line != null; line = reader.next()) {
                decoder.accept(line, results::add);
            }
        }
        decoder.finish(results::add);
        return results;
    }
}
