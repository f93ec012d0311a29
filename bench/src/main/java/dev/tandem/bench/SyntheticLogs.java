package dev.tandem.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * Realistic log lines for benchmarks, shaped like the real samples in {@code shared/formats} (field
 * sets, value lengths), drawn from a simulated cluster with a seeded random so every run sees the
 * same bytes.
 *
 * <p>As in a real cluster, the same pods recur: 4 namespaces x 10 workloads x 4 pods, each with a
 * fixed name, pod-template hash, IP and labels. What differs on every line differs here too: times,
 * counters, ephemeral ports, request ids, paths with ids. Most Calico records are aggregated the
 * way Calico's default aggregation writes allowed flows (no IPs, no pod names); a quarter carry
 * both.
 */
final class SyntheticLogs {
    private static final String[] WORKLOADS = {
        "productpage-v1", "details-v1", "reviews-v1", "reviews-v2", "reviews-v3",
        "ratings-v1", "checkoutservice", "cartservice", "currencyservice", "frontend"
    };
    private static final String[] NAMESPACES = {"bookinfo", "shop", "payments", "edge"};
    private static final String[] PATHS = {
        "/productpage",
        "/details/",
        "/reviews/",
        "/ratings/",
        "/api/v1/products/",
        "/static/bootstrap/fonts/x.woff2"
    };
    private static final String[] AGENTS = {
        "curl/7.79.1",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/103.0.5060.114 Safari/537.36",
        "Go-http-client/1.1",
        "grpc-go/1.56.3"
    };
    private static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private final Random random;
    private final List<Pod> pods = new ArrayList<>();

    /** A pod of the simulated cluster. */
    private record Pod(String namespace, String workload, String hash, String name, String ip) {}

    SyntheticLogs(long seed) {
        this.random = new Random(seed);
        for (String namespace : NAMESPACES) {
            for (String workload : WORKLOADS) {
                String hash = safeString(10);
                for (int i = 0; i < 4; i++) {
                    pods.add(
                            new Pod(
                                    namespace,
                                    workload,
                                    hash,
                                    workload + "-" + hash + "-" + safeString(5),
                                    ip()));
                }
            }
        }
    }

    /**
     * Calico Enterprise flow log lines like {@code flowlogs_tigera-docs_datatypes-example.ndjson}.
     */
    List<byte[]> calicoFlowLines(int count) {
        List<byte[]> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Pod src = pod();
            Pod dst = pod();
            boolean aggregated = random.nextInt(4) != 0;
            long start = 1_700_000_000L + random.nextInt(1_000_000);
            String line =
                    "{\"start_time\":"
                            + start
                            + ",\"end_time\":"
                            + (start + 300)
                            + ",\"source_ip\":"
                            + (aggregated ? "null" : "\"" + src.ip + "\"")
                            + ",\"source_name\":\""
                            + (aggregated ? "-" : src.name)
                            + "\""
                            + ",\"source_name_aggr\":\""
                            + src.workload
                            + "-"
                            + src.hash
                            + "-*\""
                            + ",\"source_namespace\":\""
                            + src.namespace
                            + "\""
                            + ",\"source_port\":"
                            + (aggregated ? "null" : String.valueOf(32768 + random.nextInt(28000)))
                            + ",\"source_type\":\"wep\""
                            + ",\"source_labels\":{\"labels\":[\"app="
                            + src.workload
                            + "\",\"pod-template-hash="
                            + src.hash
                            + "\",\"security.istio.io/tlsMode=istio\",\"version=v1\"]}"
                            + ",\"dest_ip\":"
                            + (aggregated ? "null" : "\"" + dst.ip + "\"")
                            + ",\"dest_name\":\""
                            + (aggregated ? "-" : dst.name)
                            + "\""
                            + ",\"dest_name_aggr\":\""
                            + dst.workload
                            + "-"
                            + dst.hash
                            + "-*\""
                            + ",\"dest_namespace\":\""
                            + dst.namespace
                            + "\""
                            + ",\"dest_port\":9080,\"dest_type\":\"wep\""
                            + ",\"dest_labels\":{\"labels\":[\"app="
                            + dst.workload
                            + "\",\"pod-template-hash="
                            + dst.hash
                            + "\",\"security.istio.io/tlsMode=istio\"]}"
                            + ",\"dest_service_namespace\":\""
                            + dst.namespace
                            + "\",\"dest_service_name\":\""
                            + dst.workload
                            + "\",\"dest_service_port\":\"http\",\"dest_service_port_num\":9080"
                            + ",\"proto\":\"tcp\",\"action\":\"allow\",\"reporter\":\""
                            + (random.nextBoolean() ? "src" : "dst")
                            + "\",\"policies\":{\"all_policies\":[\"0|default|"
                            + dst.namespace
                            + "/default.allow-"
                            + dst.workload
                            + "|allow|0\"],\"enforced_policies\":[\"0|default|"
                            + dst.namespace
                            + "/default.allow-"
                            + dst.workload
                            + "|allow|0\"]}"
                            + ",\"bytes_in\":"
                            + random.nextInt(100_000)
                            + ",\"bytes_out\":"
                            + random.nextInt(100_000)
                            + ",\"num_flows\":"
                            + (1 + random.nextInt(50))
                            + ",\"num_flows_started\":"
                            + random.nextInt(50)
                            + ",\"num_flows_completed\":"
                            + random.nextInt(50)
                            + ",\"packets_in\":"
                            + random.nextInt(1000)
                            + ",\"packets_out\":"
                            + random.nextInt(1000)
                            + ",\"http_requests_allowed_in\":0,\"http_requests_denied_in\":0"
                            + ",\"process_name\":\"/usr/local/bin/envoy\",\"num_process_names\":1"
                            + ",\"original_source_ips\":null,\"num_original_source_ips\":0"
                            + ",\"host\":\"node-"
                            + random.nextInt(20)
                            + "\",\"@timestamp\":"
                            + (start + 300) * 1000
                            + "}";
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
            Pod client = pod();
            Pod server = pod();
            boolean inbound = random.nextBoolean();
            String start =
                    String.format(
                            "2022-08-22T13:%02d:%02d.%03dZ",
                            random.nextInt(60), random.nextInt(60), random.nextInt(1000));
            String base = PATHS[random.nextInt(PATHS.length)];
            String path = base.endsWith("/") ? base + random.nextInt(1000) : base;
            String agent = AGENTS[random.nextInt(AGENTS.length)];
            String requestId = new UUID(random.nextLong(), random.nextLong()).toString();
            String fqdn = server.workload + "." + server.namespace + ".svc.cluster.local";
            String authority = server.workload + ":9080";
            String upstreamHost = server.ip + ":9080";
            String cluster = inbound ? "inbound|9080||" : "outbound|9080||" + fqdn;
            String upstreamLocal = inbound ? "127.0.0.6:" + port() : client.ip + ":" + port();
            String downstreamLocal =
                    inbound ? server.ip + ":9080" : "10.96.0." + (10 + WORKLOADS.length) + ":9080";
            String downstreamRemote = client.ip + ":" + port();
            String sni = inbound ? "outbound_.9080_._." + fqdn : null;
            int sent = random.nextInt(20_000);
            int duration = random.nextInt(100);
            int serviceTime = Math.max(0, duration - 1);
            IstioRequestLine line =
                    new IstioRequestLine(
                            start,
                            path,
                            sent,
                            duration,
                            serviceTime,
                            agent,
                            requestId,
                            authority,
                            upstreamHost,
                            cluster,
                            upstreamLocal,
                            downstreamLocal,
                            downstreamRemote,
                            sni);
            lines.add(new AccessLine(line.text(), line.json()));
        }
        return lines;
    }

    private Pod pod() {
        return pods.get(random.nextInt(pods.size()));
    }

    private String ip() {
        return "10."
                + random.nextInt(256)
                + "."
                + random.nextInt(256)
                + "."
                + (1 + random.nextInt(254));
    }

    private int port() {
        return 32768 + random.nextInt(28000);
    }

    private String safeString(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(SAFE_ALPHABET.charAt(random.nextInt(SAFE_ALPHABET.length())));
        }
        return s.toString();
    }
}
