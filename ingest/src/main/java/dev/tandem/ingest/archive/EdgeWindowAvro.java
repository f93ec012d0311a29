package dev.tandem.ingest.archive;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.KernelEvidence;
import dev.tandem.ingest.model.ProxyEvidence;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
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
        return new EdgeWindowDecoder().decode(r);
    }

    private static void putEndpoint(GenericData.Record r, String prefix, EndpointRef e) {
        r.put(prefix + "namespace", e.namespace());
        r.put(prefix + "workload", e.workload());
        r.put(prefix + "kind", e.kind().jsonName());
        r.put(prefix + "labels", new LinkedHashMap<>(e.labels().asMap()));
        r.put(prefix + "meshed", e.meshed());
        r.put(prefix + "service_account", e.serviceAccount());
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
