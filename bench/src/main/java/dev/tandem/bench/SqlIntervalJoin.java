package dev.tandem.bench;

import dev.tandem.jobs.correlate.CorrelateSettings;
import dev.tandem.jobs.correlate.RawLine;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.table.api.Table;
import org.apache.flink.table.api.bridge.java.StreamTableEnvironment;
import org.apache.flink.types.Row;

/**
 * The baseline "what a user would write instead": the same correlation as Flink SQL over JSON. Flow
 * logs and Envoy JSON access logs are tables in the {@code json} format (only the declared fields
 * are parsed); a LEFT interval join matches each flow with the proxy lines of the same client IP
 * and server IP:port within the window plus slack; a tumbling window groups the rows per edge
 * ({@code namespace/name_aggr} of both sides and the port) and a {@code CASE} gives the verdict
 * with the judge's rules that apply to IP-level evidence (DENIED, UNMESHED, BYPASS_EGRESS,
 * BYPASS_INGRESS, PLAINTEXT, MEDIATED).
 *
 * <p>The tables read files in the {@code filesystem} connector, the stand-in for Kafka in a SQL
 * user's DDL: {@link #writeInput} writes the very bytes the correlate job replays (proxy lines in
 * JSON) once, before anything is timed, and the timed runs read them from the page cache.
 */
final class SqlIntervalJoin {
    /** The accumulator prefix of the judged edge windows, by verdict. */
    static final String WINDOWS = "sql-windows";

    static final List<String> VERDICTS =
            List.of(
                    "BYPASS_EGRESS",
                    "BYPASS_INGRESS",
                    "DENIED",
                    "MEDIATED",
                    "PLAINTEXT",
                    "UNMESHED");

    private final Path flows;
    private final Path proxy;
    private final CorrelateSettings settings;

    SqlIntervalJoin(Path flows, Path proxy, CorrelateSettings settings) {
        // Intervals are written as SECOND(3) literals (Flink's planner takes no larger precision).
        if (settings.window().plus(settings.slack()).toSeconds() > 999) {
            throw new IllegalArgumentException("window + slack must be at most 999 s for the SQL");
        }
        this.flows = flows;
        this.proxy = proxy;
        this.settings = settings;
    }

    /** Writes lines as a newline-delimited file, as a shipper or Kafka Connect would leave them. */
    static void writeInput(Path file, List<RawLine> lines) throws IOException {
        Files.createDirectories(file.getParent());
        try (OutputStream out = Files.newOutputStream(file)) {
            for (RawLine line : lines) {
                out.write(line.bytes());
                out.write('\n');
            }
        }
    }

    void addTo(StreamExecutionEnvironment env) {
        StreamTableEnvironment tables = StreamTableEnvironment.create(env);
        tables.getConfig().set("table.local-time-zone", "UTC");
        tables.executeSql(
                "CREATE TEMPORARY TABLE flows ("
                        + " start_time BIGINT, source_ip STRING, source_namespace STRING,"
                        + " source_name_aggr STRING, source_labels ROW<labels ARRAY<STRING>>,"
                        + " dest_ip STRING, dest_namespace STRING, dest_name_aggr STRING,"
                        + " dest_labels ROW<labels ARRAY<STRING>>, dest_port INT, proto STRING,"
                        + " action STRING,"
                        + " ts AS TO_TIMESTAMP_LTZ(start_time, 0),"
                        + watermark(settings)
                        + ") WITH ("
                        + fileSource(flows)
                        + ")");
        tables.executeSql(
                "CREATE TEMPORARY TABLE proxy ("
                        + " start_time TIMESTAMP_LTZ(3), upstream_cluster STRING,"
                        + " upstream_host STRING, downstream_local_address STRING,"
                        + " downstream_remote_address STRING, requested_server_name STRING,"
                        + " ts AS start_time,"
                        + watermark(settings)
                        + ") WITH ("
                        + fileSource(proxy)
                        + ", 'json.timestamp-format.standard' = 'ISO-8601')");
        // The server side of a proxy line: the upstream pod for outbound lines, the sidecar's own
        // address for inbound ones.
        tables.executeSql(
                "CREATE TEMPORARY VIEW proxy_sides AS SELECT ts AS p_ts,"
                        + " SPLIT_INDEX(downstream_remote_address, ':', 0) AS client_ip,"
                        + " CASE WHEN upstream_cluster LIKE 'inbound|%' THEN downstream_local_address"
                        + "   ELSE upstream_host END AS server,"
                        + " CASE WHEN upstream_cluster LIKE 'inbound|%' THEN 1 ELSE 0 END AS inbound,"
                        + " CASE WHEN upstream_cluster LIKE 'inbound|%'"
                        + "   AND (requested_server_name IS NULL"
                        + "     OR POSITION('outbound_.' IN requested_server_name) <> 1)"
                        + "   THEN 1 ELSE 0 END AS plaintext"
                        + " FROM proxy");
        long before = settings.slack().toSeconds();
        long after = settings.window().plus(settings.slack()).toSeconds();
        tables.executeSql(
                "CREATE TEMPORARY VIEW joined AS SELECT f.ts,"
                        + " f.source_namespace AS src_ns, f.source_name_aggr AS src,"
                        + " f.dest_namespace AS dst_ns, f.dest_name_aggr AS dst, f.dest_port AS port,"
                        + " CASE WHEN ARRAY_CONTAINS(f.source_labels.labels,"
                        + "   'security.istio.io/tlsMode=istio') THEN 1 ELSE 0 END AS src_meshed,"
                        + " CASE WHEN ARRAY_CONTAINS(f.dest_labels.labels,"
                        + "   'security.istio.io/tlsMode=istio') THEN 1 ELSE 0 END AS dst_meshed,"
                        + " CASE WHEN f.action = 'allow' THEN 1 ELSE 0 END AS allowed,"
                        + " CASE WHEN p.inbound = 0 THEN 1 ELSE 0 END AS outbound_line,"
                        + " COALESCE(p.inbound, 0) AS inbound_line,"
                        + " COALESCE(p.plaintext, 0) AS plaintext_line"
                        + " FROM flows f LEFT JOIN proxy_sides p"
                        + " ON f.source_ip = p.client_ip"
                        + " AND p.server = f.dest_ip || ':' || CAST(f.dest_port AS STRING)"
                        + String.format(
                                Locale.ROOT,
                                " AND p.p_ts BETWEEN f.ts - INTERVAL '%d' SECOND(3)"
                                        + " AND f.ts + INTERVAL '%d' SECOND(3)",
                                before,
                                after));
        Table judged =
                tables.sqlQuery(
                        "SELECT window_start, src_ns, src, dst_ns, dst, port,"
                                + " CASE WHEN MAX(allowed) = 0 THEN 'DENIED'"
                                + "  WHEN MAX(src_meshed) = 0 AND MAX(dst_meshed) = 0 THEN 'UNMESHED'"
                                + "  WHEN MAX(src_meshed) = 1 AND SUM(outbound_line) = 0 THEN 'BYPASS_EGRESS'"
                                + "  WHEN MAX(dst_meshed) = 1 AND SUM(inbound_line) = 0 THEN 'BYPASS_INGRESS'"
                                + "  WHEN SUM(plaintext_line) > 0 THEN 'PLAINTEXT'"
                                + "  ELSE 'MEDIATED' END AS verdict"
                                + " FROM TABLE(TUMBLE(TABLE joined, DESCRIPTOR(ts), INTERVAL '"
                                + settings.window().toSeconds()
                                + "' SECOND(3)))"
                                + " GROUP BY window_start, window_end, src_ns, src, dst_ns, dst, port");
        CountingDiscard.<Row>of(WINDOWS, VERDICTS, row -> (String) row.getField("verdict"))
                .attach(tables.toDataStream(judged));
    }

    private static String watermark(CorrelateSettings settings) {
        return " WATERMARK FOR ts AS ts - INTERVAL '"
                + settings.outOfOrderness().toSeconds()
                + "' SECOND(3)";
    }

    private static String fileSource(Path file) {
        return "'connector' = 'filesystem', 'path' = '"
                + file.toAbsolutePath().toUri()
                + "', 'format' = 'json'";
    }
}
