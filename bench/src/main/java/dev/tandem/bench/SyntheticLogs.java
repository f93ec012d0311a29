package dev.tandem.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Realistic log lines for benchmarks, shaped like the real samples in {@code shared/formats} (field
 * sets, value lengths) but with values varied by a seeded random, so that no cache can learn them and
 * every run sees the same bytes.
 */
final class SyntheticLogs {
    private static final String[] WORKLOADS = {
        "productpage-v1", "details-v1", "reviews-v1", "reviews-v2", "reviews-v3", "ratings-v1", "checkoutservice",
        "cartservice", "currencyservice", "frontend"
    };
    private static final String[] PATHS = {
        "/productpage", "/details/0", "/reviews/0", "/ratings/0", "/api/v1/products/123", "/static/bootstrap/fonts/x.woff2"
    };
    private static final String[] AGENTS = {
        "curl/7.79.1",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/103.0.5060.114 Safari/537.36",
        "Go-http-client/1.1"
    };

    private final Random random;

    SyntheticLogs(long seed) {
        this.random = new Random(seed);
    }

    /** Calico Enterprise flow log lines like {@code flowlogs_tigera-docs_datatypes-example.ndjson}. */
    List<byte[]> calicoFlowLines(int count) {
        List<byte[]> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String src = pick(WORKLOADS);
            String dst = pick(WORKLOADS);
            String srcHash = hash();
            String dstHash = hash();
            long start = 1_700_000_000L + random.nextInt(1_000_000);
            String line =
                    "{\"start_time\":" + start + ",\"end_time\":" + (start + 300)
                            + ",\"source_ip\":\"" + ip() + "\",\"source_name\":\"" + src + "-" + srcHash + "-" + suffix()
                            + "\",\"source_name_aggr\":\"" + src + "-" + srcHash + "-*\",\"source_namespace\":\"bookinfo\""
                            + ",\"source_port\":" + (32768 + random.nextInt(28000)) + ",\"source_type\":\"wep\""
                            + ",\"source_labels\":{\"labels\":[\"app=" + src + "\",\"pod-template-hash=" + srcHash
                            + "\",\"security.istio.io/tlsMode=istio\",\"version=v1\"]}"
                            + ",\"dest_ip\":\"" + ip() + "\",\"dest_name\":\"" + dst + "-" + dstHash + "-" + suffix()
                            + "\",\"dest_name_aggr\":\"" + dst + "-" + dstHash + "-*\",\"dest_namespace\":\"bookinfo\""
                            + ",\"dest_port\":9080,\"dest_type\":\"wep\",\"dest_labels\":{\"labels\":[\"app=" + dst
                            + "\",\"pod-template-hash=" + dstHash + "\",\"security.istio.io/tlsMode=istio\"]}"
                            + ",\"dest_service_namespace\":\"bookinfo\",\"dest_service_name\":\"" + dst
                            + "\",\"dest_service_port\":\"http\",\"dest_service_port_num\":9080"
                            + ",\"proto\":\"tcp\",\"action\":\"allow\",\"reporter\":\"" + (random.nextBoolean() ? "src" : "dst")
                            + "\",\"policies\":{\"all_policies\":[\"0|default|bookinfo/default.allow-" + dst
                            + "|allow|0\"],\"enforced_policies\":[\"0|default|bookinfo/default.allow-" + dst + "|allow|0\"]}"
                            + ",\"bytes_in\":" + random.nextInt(100_000) + ",\"bytes_out\":" + random.nextInt(100_000)
                            + ",\"num_flows\":" + (1 + random.nextInt(50)) + ",\"num_flows_started\":" + random.nextInt(50)
                            + ",\"num_flows_completed\":" + random.nextInt(50) + ",\"packets_in\":" + random.nextInt(1000)
                            + ",\"packets_out\":" + random.nextInt(1000)
                            + ",\"http_requests_allowed_in\":0,\"http_requests_denied_in\":0"
                            + ",\"process_name\":\"/usr/local/bin/envoy\",\"num_process_names\":1"
                            + ",\"original_source_ips\":null,\"num_original_source_ips\":0"
                            + ",\"host\":\"node-" + random.nextInt(20) + "\",\"@timestamp\":" + (start + 300) * 1000 + "}";
            lines.add(line.getBytes(StandardCharsets.UTF_8));
        }
        return lines;
    }

    /** One proxy request, written in both of Istio's encodings. */
    record AccessLine(byte[] text, byte[] json) {}

    /** Istio access log lines like {@code test-access-logs.log}, each with its JSON twin. */
    List<AccessLine> accessLines(int count) {
        List<AccessLine> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            boolean inbound = random.nextBoolean();
            String workload = pick(WORKLOADS);
            String start = String.format("2022-08-22T13:%02d:%02d.%03dZ", random.nextInt(60), random.nextInt(60), random.nextInt(1000));
            String path = pick(PATHS);
            String agent = pick(AGENTS);
            String requestId = new java.util.UUID(random.nextLong(), random.nextLong()).toString();
            String authority = workload + ":9080";
            String upstreamHost = ip() + ":9080";
            String cluster = inbound ? "inbound|9080||" : "outbound|9080||" + workload + ".default.svc.cluster.local";
            String upstreamLocal = inbound ? "127.0.0.6:" + port() : ip() + ":" + port();
            String downstreamLocal = ip() + ":9080";
            String downstreamRemote = ip() + ":" + port();
            String sni = inbound ? "outbound_.9080_._." + workload + ".default.svc.cluster.local" : "-";
            int received = 0;
            int sent = random.nextInt(20_000);
            int duration = random.nextInt(100);
            int serviceTime = Math.max(0, duration - 1);
            String text =
                    "[" + start + "] \"GET " + path + " HTTP/1.1\" 200 - via_upstream - \"-\" " + received + " " + sent + " "
                            + duration + " " + serviceTime + " \"-\" \"" + agent + "\" \"" + requestId + "\" \"" + authority
                            + "\" \"" + upstreamHost + "\" " + cluster + " " + upstreamLocal + " " + downstreamLocal + " "
                            + downstreamRemote + " " + sni + " default";
            String json =
                    "{\"authority\":\"" + authority + "\",\"bytes_received\":" + received + ",\"bytes_sent\":" + sent
                            + ",\"connection_termination_details\":null,\"downstream_local_address\":\"" + downstreamLocal
                            + "\",\"downstream_remote_address\":\"" + downstreamRemote + "\",\"duration\":" + duration
                            + ",\"method\":\"GET\",\"path\":\"" + path + "\",\"protocol\":\"HTTP/1.1\",\"request_id\":\""
                            + requestId + "\",\"requested_server_name\":" + (inbound ? "\"" + sni + "\"" : "null")
                            + ",\"response_code\":200,\"response_code_details\":\"via_upstream\",\"response_flags\":\"-\""
                            + ",\"route_name\":\"default\",\"start_time\":\"" + start + "\",\"upstream_cluster\":\"" + cluster
                            + "\",\"upstream_host\":\"" + upstreamHost + "\",\"upstream_local_address\":\"" + upstreamLocal
                            + "\",\"upstream_service_time\":\"" + serviceTime + "\",\"upstream_transport_failure_reason\":null"
                            + ",\"user_agent\":\"" + agent + "\",\"x_forwarded_for\":null}";
            lines.add(new AccessLine(text.getBytes(StandardCharsets.UTF_8), json.getBytes(StandardCharsets.UTF_8)));
        }
        return lines;
    }

    private String pick(String[] values) {
        return values[random.nextInt(values.length)];
    }

    private String ip() {
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    private int port() {
        return 32768 + random.nextInt(28000);
    }

    private String hash() {
        return Integer.toHexString(0x10000000 | random.nextInt(0x0fffffff)).substring(0, 9).replace('a', 'b').replace('e', 'f');
    }

    private String suffix() {
        StringBuilder s = new StringBuilder(5);
        String alphabet = "bcdfghjklmnpqrstvwxz2456789";
        for (int i = 0; i < 5; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
