package dev.tandem.jobs.correlate;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Raw log lines of the Online Boutique scenario (namespace {@code shop}) as the shipper puts them
 * on the raw topics: Calico flow records and Envoy JSON lines, bare or in a Fluent Bit envelope.
 */
public final class ShopLines {
    private ShopLines() {}

    /** A Calico record with aggregated names (no IPs) from a meshed source to a meshed pod. */
    public static String aggregatedFlow(
            String source, String destination, int port, String reporter, Instant start) {
        long s = start.getEpochSecond();
        return "{\"start_time\":"
                + s
                + ",\"end_time\":"
                + (s + 300)
                + ",\"source_ip\":null,\"source_name\":\"-\",\"source_name_aggr\":\""
                + source
                + "\",\"source_namespace\":\"shop\",\"source_type\":\"wep\",\"source_labels\":{\"labels\":[\"security.istio.io/tlsMode=istio\"]}"
                + ",\"dest_ip\":null,\"dest_name\":\"-\",\"dest_name_aggr\":\""
                + destination
                + "\",\"dest_namespace\":\"shop\",\"dest_type\":\"wep\",\"dest_labels\":{\"labels\":[\"security.istio.io/tlsMode=istio\"]}"
                + ",\"dest_port\":"
                + port
                + ",\"proto\":\"tcp\",\"action\":\"allow\",\"reporter\":\""
                + reporter
                + "\",\"bytes_in\":10,\"bytes_out\":20,\"num_flows\":1,\"num_flows_started\":1,\"num_flows_completed\":1}";
    }

    /**
     * A Calico record with IPs and without names or labels (aggregation off, or a node agent that
     * does not know the pods): only the inventory can say whose they are.
     */
    public static String ipFlow(String sourceIp, String destinationIp, int port, Instant start) {
        long s = start.getEpochSecond();
        return "{\"start_time\":"
                + s
                + ",\"end_time\":"
                + (s + 300)
                + ",\"source_ip\":\""
                + sourceIp
                + "\",\"source_name\":\"-\",\"source_name_aggr\":\"-\",\"source_namespace\":\"-\",\"source_type\":\"wep\""
                + ",\"dest_ip\":\""
                + destinationIp
                + "\",\"dest_name\":\"-\",\"dest_name_aggr\":\"-\",\"dest_namespace\":\"-\",\"dest_type\":\"wep\""
                + ",\"dest_port\":"
                + port
                + ",\"proto\":\"tcp\",\"action\":\"allow\",\"reporter\":\"src\""
                + ",\"bytes_in\":10,\"bytes_out\":20,\"num_flows\":1,\"num_flows_started\":1,\"num_flows_completed\":1}";
    }

    /** checkout's sidecar calling payment, bare (no envelope). */
    public static String outboundToPayment(String start) {
        return "{\"start_time\":\""
                + start
                + "\",\"method\":\"POST\",\"path\":\"/hipstershop.PaymentService/Charge\",\"protocol\":\"HTTP/2\",\"response_code\":200,"
                + "\"upstream_cluster\":\"outbound|50051||paymentservice.shop.svc.cluster.local\",\"upstream_host\":\"10.2.0.5:50051\","
                + "\"downstream_local_address\":\"10.96.3.3:50051\",\"downstream_remote_address\":\"10.2.0.4:41000\"}";
    }

    /** payment's sidecar receiving checkout's call with mTLS, bare (no envelope). */
    public static String inboundAtPayment(String start) {
        return "{\"start_time\":\""
                + start
                + "\",\"method\":\"POST\",\"path\":\"/hipstershop.PaymentService/Charge\",\"protocol\":\"HTTP/2\",\"response_code\":200,"
                + "\"upstream_cluster\":\"inbound|50051||\",\"upstream_host\":\"10.2.0.5:50051\",\"downstream_local_address\":\"10.2.0.5:50051\","
                + "\"downstream_remote_address\":\"10.2.0.4:41000\",\"requested_server_name\":\"outbound_.50051_._.paymentservice.shop.svc.cluster.local\","
                + "\"downstream_peer_uri_san\":\"spiffe://cluster.local/ns/shop/sa/checkoutservice\"}";
    }

    /** A line in the Fluent Bit envelope that names the pod that wrote it. */
    public static String envelope(String pod, String json) {
        return "{\"log\":\""
                + json.replace("\"", "\\\"")
                + "\",\"kubernetes\":{\"pod_name\":\""
                + pod
                + "\",\"namespace_name\":\"shop\",\"container_name\":\"istio-proxy\"}}";
    }

    /** An inventory message ({@code docs/inventory-topic.md}) for a meshed pod of {@code shop}. */
    public static String podMessage(String name, String workload, String ip, String validFrom) {
        return "{\"namespace\":\"shop\",\"name\":\""
                + name
                + "\",\"uid\":\"uid-"
                + name
                + "\",\"ips\":[\""
                + ip
                + "\"],\"validFrom\":\""
                + validFrom
                + "\",\"labels\":{\"app\":\""
                + workload
                + "\",\"security.istio.io/tlsMode\":\"istio\"},\"serviceAccount\":\""
                + workload
                + "\",\"owner\":{\"kind\":\"ReplicaSet\",\"name\":\""
                + workload
                + "-7d8f9c6b5d\"},\"workload\":\""
                + workload
                + "\",\"node\":\"node-a\",\"hostNetwork\":false,\"sidecarPresent\":true,\"phase\":\"Running\"}";
    }

    /** Lines of one stream, numbered from 1. */
    public static List<RawLine> lines(String stream, String... lines) {
        List<RawLine> raw = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            raw.add(RawLine.of(stream, i + 1, lines[i].getBytes(StandardCharsets.UTF_8)));
        }
        return raw;
    }
}
