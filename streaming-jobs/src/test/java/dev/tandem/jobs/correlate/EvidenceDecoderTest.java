package dev.tandem.jobs.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.detect.LogKind;
import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.ProxyRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EvidenceDecoderTest {
    private OneInputStreamOperatorTestHarness<RawLine, Evidence> harness;

    @BeforeEach
    void open() throws Exception {
        harness =
                new OneInputStreamOperatorTestHarness<>(
                        new EvidenceDecoderOperator(new EvidenceDecoder(LogKind.AUTO, "flows")));
        harness.setup(ModelTypes.EVIDENCE.createSerializer(new SerializerConfigImpl()));
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(String stream, long position, String line) throws Exception {
        harness.processElement(
                RawLine.of(stream, position, line.getBytes(StandardCharsets.UTF_8)), 0L);
    }

    private List<DeadLetter> deadLetters() {
        var letters = harness.getSideOutput(EvidenceDecoder.DEAD_LETTERS);
        return letters == null ? List.of() : letters.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void decodesRealCalicoFlowsAndEnvoyLinesLikeTandemDecode() throws Exception {
        List<String> flows =
                SharedSamples.lines(
                        "formats/calico/flowlogs_tigera-docs_aggregation-examples.ndjson");
        List<String> proxy =
                SharedSamples.lines(
                        "formats/envoy/istio-io-docs/istio-io_access-log-task_sleep-httpbin.log");
        for (int i = 0; i < flows.size(); i++) {
            send("flows.ndjson", i + 1, flows.get(i));
        }
        for (int i = 0; i < proxy.size(); i++) {
            send("proxy.log", i + 1, proxy.get(i));
        }

        List<Evidence> out = harness.extractOutputValues();
        KernelFlow aggregated = (KernelFlow) out.get(0);
        assertThat(aggregated.source().ip()).isNull();
        assertThat(aggregated.source().workloadName()).isEqualTo("access");
        assertThat(aggregated.destinationPort()).isEqualTo(80);
        ProxyRequest outbound = (ProxyRequest) out.get(flows.size());
        assertThat(outbound.upstreamCluster().host()).isEqualTo("httpbin.foo.svc.cluster.local");
        assertThat(out).hasSize(flows.size() + proxy.size() - deadLetters().size());
    }

    @Test
    void unreadableLineBecomesADeadLetterAndDoesNotStopTheStream() throws Exception {
        send("proxy.log", 7, "this is not a log line");
        send(
                "proxy.log",
                8,
                SharedSamples.lines(
                                "formats/envoy/istio-io-docs/istio-io_access-log-task_sleep-httpbin.log")
                        .get(0));

        assertThat(deadLetters()).hasSize(1);
        DeadLetter letter = deadLetters().get(0);
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.UNKNOWN_FORMAT);
        assertThat(letter.position()).isEqualTo(7);
        assertThat(letter.source()).endsWith(":proxy.log");
        assertThat(letter.originalText()).isEqualTo("this is not a log line");
        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    @Test
    void lineCutAtTheReadersCapIsATooLargeDeadLetter() throws Exception {
        byte[] head = "{\"start_time\":1".getBytes(StandardCharsets.UTF_8);
        harness.processElement(new RawLine("flows", 3, head, 20_000_000L), 0L);

        assertThat(deadLetters())
                .extracting(DeadLetter::reason)
                .containsExactly(DeadLetterReason.TOO_LARGE);
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void criPartialLinesAreJoinedPerStreamEvenWhenStreamsInterleave() throws Exception {
        String line =
                SharedSamples.lines(
                                "formats/envoy/istio-io-docs/istio-io_access-log-task_sleep-httpbin.log")
                        .get(0);
        String first = line.substring(0, 40);
        String rest = line.substring(40);
        send("a.log", 1, "2026-11-20T10:00:00.000000001Z stdout P " + first);
        send("b.log", 1, "2026-11-20T10:00:00.000000002Z stdout P " + first);
        send("a.log", 2, "2026-11-20T10:00:00.000000003Z stdout F " + rest);
        send("b.log", 2, "2026-11-20T10:00:00.000000004Z stdout F " + rest);

        assertThat(deadLetters()).isEmpty();
        assertThat(harness.extractOutputValues())
                .hasSize(2)
                .allSatisfy(e -> assertThat(((ProxyRequest) e).responseCode()).isEqualTo(418));
    }

    /** A CRI record cut by the end of the file, as {@code tandem decode} reports it. */
    @Test
    void aCriRecordWithoutItsLastPieceIsADeadLetterAtTheEndOfTheInput() throws Exception {
        send("proxy.log", 1, "2026-11-20T08:00:00.100000000Z stdout P [2026-11-20T08:00:00.097Z]");

        assertThat(deadLetters()).isEmpty();
        harness.endInput();

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(deadLetters()).singleElement().satisfies(this::isAnUnfinishedCriRecord);
    }

    /**
     * The decoders per stream are bounded: one that goes out to make room reports what it holds,
     * instead of dropping it unseen.
     */
    @Test
    void aStreamWhoseDecoderGoesOutReportsItsUnfinishedCriRecord() throws Exception {
        send("stream-0.log", 1, "2026-11-20T08:00:00.100000000Z stdout P [2026-11-20T08:00:00");
        for (int i = 1; i <= EvidenceDecoder.MAX_STREAMS; i++) {
            send("stream-" + i + ".log", 1, "");
        }

        assertThat(deadLetters()).singleElement().satisfies(this::isAnUnfinishedCriRecord);
        assertThat(deadLetters().get(0).source()).isEqualTo("cri:stream-0.log");
    }

    private void isAnUnfinishedCriRecord(DeadLetter letter) {
        assertThat(letter.reason()).isEqualTo(DeadLetterReason.MALFORMED_TEXT);
        assertThat(letter.detail()).contains("never ended");
    }
}
