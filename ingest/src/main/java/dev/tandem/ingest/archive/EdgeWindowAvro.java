package dev.tandem.ingest.archive;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.KernelEvidence;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.ProxyEvidence;
import dev.tandem.ingest.model.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/**
 * Converts {@link EdgeWindow} to and from the archive's Avro record ({@code edge-window.avsc}),
 * with nothing lost except sub-millisecond precision of the window bounds (windows are aligned to
 * flow-log intervals, whole seconds). The record is flat so that any Parquet reader (DuckDB, Spark,
 * pandas) can query the archive without knowing Tandem.
 */
public final class EdgeWindowAvro {
    /** The archive's schema, read once from the {@code edge-window.avsc} resource. */
    public static final Schema SCHEMA = loadSchema();

    private EdgeWindowAvro() {}

    /** The record for {@code edge}; maps and lists keep the model's sorted order. */
    public static GenericRecord toRecord(EdgeWindow edge) {
        GenericData.Record r = new GenericData.Record(SCHEMA);
        putEndpoint(r, "source_", edge.source());
        putEndpoint(r, "destination_", edge.destination());
        r.put("port", edge.port());
        r.put("protocol", edge.protocol());
        r.put("window_start", edge.windowStart().toEpochMilli());
        r.put("window_end", edge.windowEnd().toEpochMilli());

        KernelEvidence k = edge.kernel();
        r.put("kernel_source_reported_flows", k.sourceReportedFlows());
        r.put("kernel_destination_reported_flows", k.destinationReportedFlows());
        r.put("kernel_connections_started", k.connectionsStarted());
        r.put("kernel_bytes", k.bytes());
        r.put("kernel_packets", k.packets());
        r.put("kernel_allowed_flows", k.allowedFlows());
        r.put("kernel_denied_flows", k.deniedFlows());
        r.put("kernel_process_names", new ArrayList<>(k.processNames()));
        r.put("kernel_policies", new ArrayList<>(k.policies()));

        ProxyEvidence p = edge.proxy();
        r.put("proxy_outbound_requests", p.outboundRequests());
        r.put("proxy_inbound_requests", p.inboundRequests());
        r.put("proxy_mutual_tls_requests", p.mutualTlsRequests());
        r.put("proxy_plaintext_requests", p.plaintextRequests());
        r.put("proxy_methods", new LinkedHashMap<>(p.methods()));
        r.put("proxy_paths", new LinkedHashMap<>(p.paths()));
        // Avro map keys are strings; the codes' numeric order is restored on the way back.
        Map<String, Long> codes = new LinkedHashMap<>();
        p.responseCodes().forEach((code, count) -> codes.put(Integer.toString(code), count));
        r.put("proxy_response_codes", codes);
        r.put("proxy_peer_principals", new ArrayList<>(p.peerPrincipals()));
        r.put("proxy_authorities", new ArrayList<>(p.authorities()));

        r.put("verdict", edge.verdict().name());
        r.put("confidence", edge.confidence());
        r.put("reason", edge.reason());
        return r;
    }

    /**
     * The edge window in {@code record}. Accepts both {@link String} and Avro's {@code Utf8} for
     * text, as Parquet readers hand back either.
     *
     * @throws IllegalArgumentException when a value does not fit the model (unknown verdict or
     *     kind, a non-numeric response code, a missing required field)
     */
    public static EdgeWindow fromRecord(GenericRecord r) {
        KernelEvidence kernel =
                new KernelEvidence(
                        longOf(r, "kernel_source_reported_flows"),
                        longOf(r, "kernel_destination_reported_flows"),
                        longOf(r, "kernel_connections_started"),
                        longOf(r, "kernel_bytes"),
                        longOf(r, "kernel_packets"),
                        longOf(r, "kernel_allowed_flows"),
                        longOf(r, "kernel_denied_flows"),
                        stringList(r.get("kernel_process_names")),
                        stringList(r.get("kernel_policies")));
        ProxyEvidence proxy =
                new ProxyEvidence(
                        longOf(r, "proxy_outbound_requests"),
                        longOf(r, "proxy_inbound_requests"),
                        longOf(r, "proxy_mutual_tls_requests"),
                        longOf(r, "proxy_plaintext_requests"),
                        countMap(r.get("proxy_methods"), Function.identity()),
                        countMap(r.get("proxy_paths"), Function.identity()),
                        countMap(r.get("proxy_response_codes"), EdgeWindowAvro::responseCode),
                        stringList(r.get("proxy_peer_principals")),
                        stringList(r.get("proxy_authorities")));
        return new EdgeWindow(
                endpoint(r, "source_"),
                endpoint(r, "destination_"),
                ((Number) required(r, "port")).intValue(),
                text(required(r, "protocol")),
                Instant.ofEpochMilli(longOf(r, "window_start")),
                Instant.ofEpochMilli(longOf(r, "window_end")),
                kernel,
                proxy,
                Verdict.valueOf(text(required(r, "verdict"))),
                ((Number) required(r, "confidence")).doubleValue(),
                text(r.get("reason")));
    }

    private static void putEndpoint(GenericData.Record r, String prefix, EndpointRef e) {
        r.put(prefix + "namespace", e.namespace());
        r.put(prefix + "workload", e.workload());
        r.put(prefix + "kind", e.kind().jsonName());
        r.put(prefix + "labels", new LinkedHashMap<>(e.labels().asMap()));
        r.put(prefix + "meshed", e.meshed());
        r.put(prefix + "service_account", e.serviceAccount());
    }

    private static EndpointRef endpoint(GenericRecord r, String prefix) {
        TreeMap<String, String> labels = new TreeMap<>();
        Object raw = r.get(prefix + "labels");
        if (raw != null) {
            ((Map<?, ?>) raw).forEach((k, v) -> labels.put(k.toString(), text(v)));
        }
        return new EndpointRef(
                text(r.get(prefix + "namespace")),
                text(required(r, prefix + "workload")),
                EndpointKind.valueOf(text(required(r, prefix + "kind")).toUpperCase(Locale.ROOT)),
                Labels.of(labels),
                Boolean.TRUE.equals(required(r, prefix + "meshed")),
                text(r.get(prefix + "service_account")));
    }

    private static Integer responseCode(String key) {
        try {
            return Integer.valueOf(key);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("response code is not a number: " + key, e);
        }
    }

    private static <K> SortedMap<K, Long> countMap(Object raw, Function<String, K> key) {
        TreeMap<K, Long> map = new TreeMap<>();
        if (raw != null) {
            ((Map<?, ?>) raw)
                    .forEach((k, v) -> map.put(key.apply(k.toString()), ((Number) v).longValue()));
        }
        return map;
    }

    private static List<String> stringList(Object raw) {
        if (raw == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (Object item : (Collection<?>) raw) {
            out.add(item.toString());
        }
        return out;
    }

    private static long longOf(GenericRecord r, String field) {
        return ((Number) required(r, field)).longValue();
    }

    private static Object required(GenericRecord r, String field) {
        Object value = r.get(field);
        if (value == null) {
            throw new IllegalArgumentException("archive record has no value for " + field);
        }
        return value;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }

    private static Schema loadSchema() {
        try (InputStream in = EdgeWindowAvro.class.getResourceAsStream("edge-window.avsc")) {
            if (in == null) {
                throw new IllegalStateException("edge-window.avsc is missing from the class path");
            }
            return new Schema.Parser().parse(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
