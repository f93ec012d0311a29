package dev.tandem.jobs.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.Verdict;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The correlate graph in STREAMING mode (as {@code tandem correlate} runs it), over bounded inputs
 * whose end pushes the watermark to the end of time: watermarks per source, idleness and timers,
 * without an inventory: Calico's aggregated names, the Fluent Bit envelopes and a peer SPIFFE id.
 */
class CorrelateJobIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @Test
    void streamingGraphJudgesOnlineBoutiqueEdgesWithoutAnInventory() throws Exception {
        List<RawLine> flows =
                lines(
                        "flows",
                        calico(
                                "checkoutservice-598d5b586d-*",
                                "paymentservice-7d8f9c6b5d-*",
                                50051,
                                "src",
                                T0),
                        calico(
                                "checkoutservice-598d5b586d-*",
                                "paymentservice-7d8f9c6b5d-*",
                                50051,
                                "dst",
                                T0),
                        calico(
                                "checkoutservice-598d5b586d-*",
                                "shippingservice-6c9b8c7d5f-*",
                                50051,
                                "src",
                                T0));
        List<RawLine> proxy =
                lines(
                        "proxy",
                        envelope(
                                "checkoutservice-598d5b586d-x7k2p",
                                "{\"start_time\":\"2026-11-20T10:01:00.000Z\",\"method\":\"POST\",\"path\":\"/hipstershop.PaymentService/Charge\",\"protocol\":\"HTTP/2\",\"response_code\":200,"
                                        + "\"upstream_cluster\":\"outbound|50051||paymentservice.shop.svc.cluster.local\",\"upstream_host\":\"10.2.0.5:50051\","
                                        + "\"downstream_local_address\":\"10.96.3.3:50051\",\"downstream_remote_address\":\"10.2.0.4:41000\"}"),
                        envelope(
                                "paymentservice-7d8f9c6b5d-q2w8p",
                                "{\"start_time\":\"2026-11-20T10:01:00.010Z\",\"method\":\"POST\",\"path\":\"/hipstershop.PaymentService/Charge\",\"protocol\":\"HTTP/2\",\"response_code\":200,"
                                        + "\"upstream_cluster\":\"inbound|50051||\",\"upstream_host\":\"10.2.0.5:50051\",\"downstream_local_address\":\"10.2.0.5:50051\","
                                        + "\"downstream_remote_address\":\"10.2.0.4:41000\",\"requested_server_name\":\"outbound_.50051_._.paymentservice.shop.svc.cluster.local\","
                                        + "\"downstream_peer_uri_san\":\"spiffe://cluster.local/ns/shop/sa/checkoutservice\"}"),
                        "not a log line");

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        env.setParallelism(2);
        List<CloseableIterator<?>> iterators = new ArrayList<>();
        List<CloseableIterator<EdgeWindow>> edges = new ArrayList<>();
        List<CloseableIterator<DeadLetter>> letters = new ArrayList<>();
        new CorrelateJob(
                        new CorrelateSources(
                                SourceBinding.of(flows, ModelTypes.RAW_LINE),
                                SourceBinding.of(proxy, ModelTypes.RAW_LINE),
                                CorrelateSources.NO_INVENTORY),
                        new CorrelateSinks(
                                stream -> edges.add(stream.collectAsync()),
                                SinkBinding.discard(),
                                stream -> letters.add(stream.collectAsync()),
                                SinkBinding.discard()),
                        CorrelateSettings.defaults())
                .addTo(env);
        iterators.addAll(edges);
        iterators.addAll(letters);

        env.execute("correlate-it");
        List<EdgeWindow> windows = new ArrayList<>();
        edges.get(0).forEachRemaining(windows::add);
        List<DeadLetter> dead = new ArrayList<>();
        letters.get(0).forEachRemaining(dead::add);
        for (CloseableIterator<?> it : iterators) {
            it.close();
        }

        assertThat(windows)
                .extracting(w -> w.destination().workload() + " " + w.verdict())
                .containsExactlyInAnyOrder(
                        "paymentservice " + Verdict.MEDIATED,
                        "shippingservice " + Verdict.BYPASS_EGRESS);
        EdgeWindow payment =
                windows.stream()
                        .filter(w -> w.verdict() == Verdict.MEDIATED)
                        .findFirst()
                        .orElseThrow();
        assertThat(payment.kernel().sourceReportedFlows()).isEqualTo(1);
        assertThat(payment.kernel().destinationReportedFlows()).isEqualTo(1);
        assertThat(payment.proxy().mutualTlsRequests()).isEqualTo(1);
        assertThat(payment.proxy().peerPrincipals())
                .containsExactly("spiffe://cluster.local/ns/shop/sa/checkoutservice");
        assertThat(payment.windowStart()).isEqualTo(T0);
        assertThat(dead).extracting(DeadLetter::originalText).containsExactly("not a log line");
    }

    private static List<RawLine> lines(String stream, String... lines) {
        List<RawLine> raw = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            raw.add(RawLine.of(stream, i + 1, lines[i].getBytes(StandardCharsets.UTF_8)));
        }
        return raw;
    }

    private static String calico(String src, String dst, int port, String reporter, Instant start) {
        long s = start.getEpochSecond();
        return "{\"start_time\":"
                + s
                + ",\"end_time\":"
                + (s + 300)
                + ",\"source_ip\":null,\"source_name\":\"-\",\"source_name_aggr\":\""
                + src
                + "\",\"source_namespace\":\"shop\",\"source_type\":\"wep\",\"source_labels\":{\"labels\":[\"security.istio.io/tlsMode=istio\"]}"
                + ",\"dest_ip\":null,\"dest_name\":\"-\",\"dest_name_aggr\":\""
                + dst
                + "\",\"dest_namespace\":\"shop\",\"dest_type\":\"wep\",\"dest_labels\":{\"labels\":[\"security.istio.io/tlsMode=istio\"]}"
                + ",\"dest_port\":"
                + port
                + ",\"proto\":\"tcp\",\"action\":\"allow\",\"reporter\":\""
                + reporter
                + "\",\"bytes_in\":10,\"bytes_out\":20,\"num_flows\":1,\"num_flows_started\":1,\"num_flows_completed\":1}";
    }

    private static String envelope(String pod, String json) {
        return "{\"log\":\""
                + json.replace("\"", "\\\"")
                + "\",\"kubernetes\":{\"pod_name\":\""
                + pod
                + "\",\"namespace_name\":\"shop\",\"container_name\":\"istio-proxy\"}}";
    }
}
