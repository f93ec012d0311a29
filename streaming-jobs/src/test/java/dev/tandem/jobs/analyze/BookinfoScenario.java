package dev.tandem.jobs.analyze;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A small Bookinfo (istio/samples/bookinfo) in namespace {@code bookinfo}, every pod meshed, plus
 * an unmeshed {@code legacy/client}, over one five-minute window from {@link #T0}:
 *
 * <ul>
 *   <li>productpage → details:9080, both sidecars, mTLS: MEDIATED (its src-side flow aggregated, no
 *       IPs)
 *   <li>productpage → reviews-v1:9080, a keep-alive connection with requests in the window:
 *       MEDIATED
 *   <li>productpage → 198.51.100.7:443 through PassthroughCluster: MEDIATED
 *   <li>node-1 → ratings:15021 (kubelet probing Istio's health port): MEDIATED
 *   <li>legacy/client → ratings:9080, ratings' sidecar logs nothing: BYPASS_INGRESS
 *   <li>details → 203.0.113.50:443, sent by {@code curl}, no sidecar line: BYPASS_EGRESS
 *   <li>legacy/client → productpage:9080, plaintext at productpage's sidecar: PLAINTEXT
 *   <li>legacy/client → reviews-v1:9080, denied by Calico: DENIED
 * </ul>
 *
 * One proxy line is garbage (a dead letter); proxy lines come out of order, half in Fluent Bit
 * envelopes and half bare (resolved through the inventory).
 */
final class BookinfoScenario {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    static final long T0_SECONDS = T0.getEpochSecond();

    static final String PRODUCTPAGE = "10.1.0.10";
    static final String DETAILS = "10.1.0.11";
    static final String REVIEWS = "10.1.0.12";
    static final String RATINGS = "10.1.0.14";
    static final String LEGACY = "10.1.0.50";
    static final String NODE = "172.18.0.2";

    private BookinfoScenario() {}

    static Path writeInventory(Path dir) throws IOException {
        List<String> pods = new ArrayList<>();
        pods.add(
                pod(
                        "bookinfo",
                        "productpage-v1-6b746f74dc-xmzpr",
                        "productpage-v1-6b746f74dc",
                        "productpage",
                        PRODUCTPAGE,
                        true));
        pods.add(
                pod(
                        "bookinfo",
                        "details-v1-5f4d584748-x2x9b",
                        "details-v1-5f4d584748",
                        "details",
                        DETAILS,
                        true));
        pods.add(
                pod(
                        "bookinfo",
                        "reviews-v1-6584ddcf65-k78wz",
                        "reviews-v1-6584ddcf65",
                        "reviews",
                        REVIEWS,
                        true));
        pods.add(
                pod(
                        "bookinfo",
                        "ratings-v1-8fb9cf9f5-9rhhz",
                        "ratings-v1-8fb9cf9f5",
                        "ratings",
                        RATINGS,
                        true));
        pods.add(
                pod(
                        "legacy",
                        "client-7c9d8b6f4d-q2w8p",
                        "client-7c9d8b6f4d",
                        "client",
                        LEGACY,
                        false));
        String list =
                "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":["
                        + String.join(",", pods)
                        + "]}";
        return write(dir.resolve("inventory.json"), List.of(list));
    }

    private static String pod(
            String namespace,
            String name,
            String replicaSet,
            String app,
            String ip,
            boolean meshed) {
        String labels =
                "\"app\":\""
                        + app
                        + "\""
                        + (meshed ? ",\"security.istio.io/tlsMode\":\"istio\"" : "");
        String containers =
                "{\"name\":\"" + app + "\"}" + (meshed ? ",{\"name\":\"istio-proxy\"}" : "");
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\""
                + name
                + "\",\"namespace\":\""
                + namespace
                + "\",\"uid\":\"uid-"
                + name
                + "\",\"creationTimestamp\":\"2026-11-20T09:00:00Z\",\"labels\":{"
                + labels
                + "},\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\""
                + replicaSet
                + "\",\"controller\":true}]},\"spec\":{\"nodeName\":\"node-1\",\"serviceAccountName\":\"bookinfo-"
                + app
                + "\",\"containers\":["
                + containers
                + "]},\"status\":{\"phase\":\"Running\",\"podIP\":\""
                + ip
                + "\",\"podIPs\":[{\"ip\":\""
                + ip
                + "\"}],\"startTime\":\"2026-11-20T09:00:05Z\"}}";
    }

    static Path writeFlows(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        // Default aggregation: an allowed flow reported at the source carries no IPs.
        lines.add(
                flow(
                        null,
                        "productpage-v1-6b746f74dc-*",
                        "bookinfo",
                        "wep",
                        "app=productpage\",\"security.istio.io/tlsMode=istio",
                        null,
                        "details-v1-5f4d584748-*",
                        "bookinfo",
                        "wep",
                        "app=details\",\"security.istio.io/tlsMode=istio",
                        9080,
                        "allow",
                        "src",
                        null));
        lines.add(
                flow(
                        PRODUCTPAGE,
                        null,
                        "bookinfo",
                        "wep",
                        "app=productpage",
                        DETAILS,
                        null,
                        "bookinfo",
                        "wep",
                        "app=details",
                        9080,
                        "allow",
                        "dst",
                        null));
        lines.add(
                flow(
                        PRODUCTPAGE,
                        null,
                        "bookinfo",
                        "wep",
                        "app=productpage",
                        REVIEWS,
                        null,
                        "bookinfo",
                        "wep",
                        "app=reviews",
                        9080,
                        "allow",
                        "src",
                        null));
        lines.add(
                flow(
                        PRODUCTPAGE,
                        null,
                        "bookinfo",
                        "wep",
                        "app=productpage",
                        "198.51.100.7",
                        null,
                        null,
                        "net",
                        null,
                        443,
                        "allow",
                        "src",
                        "envoy"));
        lines.add(
                flow(
                        NODE,
                        "node-1",
                        null,
                        "hep",
                        null,
                        RATINGS,
                        null,
                        "bookinfo",
                        "wep",
                        "app=ratings",
                        15021,
                        "allow",
                        "dst",
                        null));
        lines.add(
                flow(
                        LEGACY,
                        null,
                        "legacy",
                        "wep",
                        "app=client",
                        RATINGS,
                        null,
                        "bookinfo",
                        "wep",
                        "app=ratings",
                        9080,
                        "allow",
                        "dst",
                        null));
        lines.add(
                flow(
                        DETAILS,
                        null,
                        "bookinfo",
                        "wep",
                        "app=details",
                        "203.0.113.50",
                        null,
                        null,
                        "net",
                        null,
                        443,
                        "allow",
                        "src",
                        "curl"));
        lines.add(
                flow(
                        LEGACY,
                        null,
                        "legacy",
                        "wep",
                        "app=client",
                        PRODUCTPAGE,
                        null,
                        "bookinfo",
                        "wep",
                        "app=productpage",
                        9080,
                        "allow",
                        "dst",
                        null));
        lines.add(
                flow(
                        LEGACY,
                        null,
                        "legacy",
                        "wep",
                        "app=client",
                        REVIEWS,
                        null,
                        "bookinfo",
                        "wep",
                        "app=reviews",
                        9080,
                        "deny",
                        "dst",
                        null));
        return write(dir.resolve("flows.ndjson"), lines);
    }

    private static String flow(
            String srcIp,
            String srcAggr,
            String srcNs,
            String srcType,
            String srcLabels,
            String dstIp,
            String dstAggr,
            String dstNs,
            String dstType,
            String dstLabels,
            int port,
            String action,
            String reporter,
            String process) {
        return "{\"start_time\":"
                + T0_SECONDS
                + ",\"end_time\":"
                + (T0_SECONDS + 300)
                + ",\"source_ip\":"
                + quoted(srcIp)
                + ",\"source_name\":\"-\",\"source_name_aggr\":"
                + quoted(srcAggr == null ? (srcType.equals("hep") ? "node-1" : "-") : srcAggr)
                + ",\"source_namespace\":"
                + quoted(srcNs == null ? "-" : srcNs)
                + ",\"source_type\":\""
                + srcType
                + "\",\"source_labels\":"
                + labels(srcLabels)
                + ",\"dest_ip\":"
                + quoted(dstIp)
                + ",\"dest_name\":\"-\",\"dest_name_aggr\":"
                + quoted(dstAggr == null ? (dstType.equals("net") ? "pub" : "-") : dstAggr)
                + ",\"dest_namespace\":"
                + quoted(dstNs == null ? "-" : dstNs)
                + ",\"dest_type\":\""
                + dstType
                + "\",\"dest_labels\":"
                + labels(dstLabels)
                + ",\"dest_port\":"
                + port
                + ",\"proto\":\"tcp\",\"action\":\""
                + action
                + "\",\"reporter\":\""
                + reporter
                + "\",\"bytes_in\":1200,\"bytes_out\":5400,\"packets_in\":10,\"packets_out\":12,\"num_flows\":3"
                + ",\"num_flows_started\":3,\"num_flows_completed\":3"
                + (process == null ? "" : ",\"process_name\":\"" + process + "\"")
                + ",\"host\":\"node-1\"}";
    }

    private static String labels(String pairs) {
        return pairs == null ? "null" : "{\"labels\":[\"" + pairs + "\"]}";
    }

    private static String quoted(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    static Path writeProxy(Path dir) throws IOException {
        List<String> lines = new ArrayList<>();
        // Out of order: lines are written when requests end.
        lines.add(
                envelope(
                        "bookinfo",
                        "productpage-v1-6b746f74dc-xmzpr",
                        PRODUCTPAGE,
                        text(
                                T0.plusSeconds(200),
                                "GET /reviews/0 HTTP/1.1",
                                "reviews:9080",
                                REVIEWS + ":9080",
                                "outbound|9080||reviews.bookinfo.svc.cluster.local",
                                PRODUCTPAGE + ":40100",
                                "10.96.0.12:9080",
                                PRODUCTPAGE + ":39100",
                                "-")));
        lines.add(
                envelope(
                        "bookinfo",
                        "productpage-v1-6b746f74dc-xmzpr",
                        PRODUCTPAGE,
                        text(
                                T0.plusSeconds(60),
                                "GET /details/0 HTTP/1.1",
                                "details:9080",
                                DETAILS + ":9080",
                                "outbound|9080||details.bookinfo.svc.cluster.local",
                                PRODUCTPAGE + ":40000",
                                "10.96.0.11:9080",
                                PRODUCTPAGE + ":39000",
                                "-")));
        lines.add(
                envelope(
                        "bookinfo",
                        "details-v1-5f4d584748-x2x9b",
                        DETAILS,
                        text(
                                T0.plusSeconds(60),
                                "GET /details/0 HTTP/1.1",
                                "details:9080",
                                DETAILS + ":9080",
                                "inbound|9080||",
                                "127.0.0.6:41000",
                                DETAILS + ":9080",
                                PRODUCTPAGE + ":40000",
                                "outbound_.9080_._.details.bookinfo.svc.cluster.local")));
        lines.add("this line is not an access log");
        // Bare lines: the inventory says which pod wrote them.
        lines.add(
                text(
                        T0.plusSeconds(20),
                        "GET /reviews/0 HTTP/1.1",
                        "reviews:9080",
                        REVIEWS + ":9080",
                        "inbound|9080||",
                        "127.0.0.6:41100",
                        REVIEWS + ":9080",
                        PRODUCTPAGE + ":40100",
                        "outbound_.9080_._.reviews.bookinfo.svc.cluster.local"));
        lines.add(
                text(
                        T0.plusSeconds(90),
                        "- - -",
                        "-",
                        "198.51.100.7:443",
                        "PassthroughCluster",
                        PRODUCTPAGE + ":40200",
                        "198.51.100.7:443",
                        PRODUCTPAGE + ":39200",
                        "-"));
        lines.add(
                text(
                        T0.plusSeconds(120),
                        "GET /productpage HTTP/1.1",
                        "productpage:9080",
                        "127.0.0.1:9080",
                        "inbound|9080||",
                        "127.0.0.6:41200",
                        PRODUCTPAGE + ":9080",
                        LEGACY + ":45000",
                        "-"));
        return write(dir.resolve("proxy.log"), lines);
    }

    private static String text(
            Instant start,
            String request,
            String authority,
            String upstreamHost,
            String cluster,
            String upstreamLocal,
            String downstreamLocal,
            String downstreamRemote,
            String sni) {
        String req = request.equals("- - -") ? "- - -" : request;
        return "["
                + start
                + "] \""
                + req
                + "\" 200 - via_upstream - \"-\" 0 295 5 4 \"-\" \"python-requests/2\" \"req-"
                + start.getEpochSecond()
                + "\" \""
                + authority
                + "\" \""
                + upstreamHost
                + "\" "
                + cluster
                + " "
                + upstreamLocal
                + " "
                + downstreamLocal
                + " "
                + downstreamRemote
                + " "
                + sni
                + " default";
    }

    private static String envelope(String namespace, String pod, String ip, String line) {
        return "{\"log\":\""
                + line.replace("\"", "\\\"")
                + "\",\"stream\":\"stdout\",\"kubernetes\":{\"pod_name\":\""
                + pod
                + "\",\"namespace_name\":\""
                + namespace
                + "\",\"pod_ip\":\""
                + ip
                + "\",\"container_name\":\"istio-proxy\",\"labels\":{\"security.istio.io/tlsMode\":\"istio\"}}}";
    }

    private static Path write(Path file, List<String> lines) throws IOException {
        Files.write(file, lines, StandardCharsets.UTF_8);
        return file;
    }
}
