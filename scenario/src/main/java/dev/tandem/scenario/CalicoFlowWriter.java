package dev.tandem.scenario;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes a {@link KernelTally.Entry} as the line Calico Enterprise's Felix writes to {@code
 * /var/log/calico/flowlogs/flows.log}: the fields and order of a real record (see {@code
 * ../shared/formats/calico}), process info and TCP stats on, source ports aggregated.
 */
final class CalicoFlowWriter {
    private static final JsonFactory JSON = new JsonFactory();
    private static final long INTERVAL_SECONDS = ScenarioSpec.INTERVAL.toSeconds();

    private CalicoFlowWriter() {}

    static String line(KernelTally.Entry entry) {
        KernelFlow flow = entry.flow;
        StringWriter out = new StringWriter(1200);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("start_time", flow.intervalStart());
            json.writeNumberField("end_time", flow.intervalStart() + INTERVAL_SECONDS);
            side(json, "source", flow.source());
            json.writeNullField("nat_outgoing_ports");
            json.writeNullField("source_port");
            json.writeStringField("source_type", flow.source().type());
            labels(json, "source_labels", flow.source().labels());
            side(json, "dest", flow.destination());
            json.writeNumberField("dest_port", flow.port());
            json.writeStringField("dest_type", flow.destination().type());
            labels(json, "dest_labels", flow.destination().labels());
            Service service = flow.service();
            Service.Port servicePort =
                    service == null ? null : service.portTo(flow.port(), flow.protocol());
            json.writeStringField(
                    "dest_service_namespace", service == null ? "-" : service.namespace());
            json.writeStringField("dest_service_name", service == null ? "-" : service.name());
            json.writeStringField(
                    "dest_service_port", servicePort == null ? "-" : servicePort.name());
            if (servicePort == null) {
                json.writeNullField("dest_service_port_num");
            } else {
                json.writeNumberField("dest_service_port_num", servicePort.port());
            }
            json.writeStringField("proto", flow.protocol());
            json.writeStringField("action", entry.denied() ? "deny" : "allow");
            json.writeStringField("reporter", entry.sourceReport ? "src" : "dst");
            policies(json, policy(entry));
            // Denied anywhere, nothing answers: a source's node that let the packets out sees
            // only its own retransmitted SYNs.
            boolean denied = flow.denial() != null;
            long sent = entry.requestBytes;
            long received = denied ? 0 : entry.responseBytes;
            json.writeNumberField("bytes_in", entry.sourceReport ? received : sent);
            json.writeNumberField("bytes_out", entry.sourceReport ? sent : received);
            // A record exists because packets moved: at least one flow was active, though a
            // pooled keep-alive connection may have started in an earlier interval.
            json.writeNumberField("num_flows", Math.max(1, entry.connections));
            json.writeNumberField("num_flows_started", entry.connections);
            json.writeNumberField("num_flows_completed", entry.connections);
            json.writeNumberField(
                    "packets_in", packets(entry.sourceReport ? received : sent, entry.connections));
            json.writeNumberField(
                    "packets_out",
                    packets(entry.sourceReport ? sent : received, entry.connections));
            json.writeNumberField("http_requests_allowed_in", 0);
            json.writeNumberField("http_requests_denied_in", 0);
            String process = entry.sourceReport ? flow.sourceProcess() : flow.destinationProcess();
            // "-" when none is named: nothing accepted a connection the policy dropped, and
            // MeshBackground leaves istiod's and CoreDNS's own names out.
            json.writeStringField("process_name", process == null ? "-" : process);
            json.writeNumberField("num_process_names", process == null ? 0 : 1);
            json.writeStringField("process_id", process == null ? "-" : "*");
            json.writeNumberField("num_process_ids", process == null ? 0 : 1);
            json.writeArrayFieldStart("process_args");
            json.writeString("-");
            json.writeEndArray();
            json.writeNumberField("num_process_args", 0);
            json.writeNullField("original_source_ips");
            json.writeNumberField("num_original_source_ips", 0);
            tcpStats(json, entry, denied);
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void side(JsonGenerator json, String prefix, Peer peer) throws IOException {
        json.writeStringField(prefix + "_ip", peer.ip());
        json.writeStringField(prefix + "_name", peer.name());
        json.writeStringField(prefix + "_name_aggr", peer.aggregate());
        json.writeStringField(prefix + "_namespace", peer.namespace());
    }

    private static void labels(JsonGenerator json, String field, List<String> labels)
            throws IOException {
        if (labels == null) {
            json.writeNullField(field);
            return;
        }
        json.writeObjectFieldStart(field);
        json.writeArrayFieldStart("labels");
        for (String label : labels) {
            json.writeString(label);
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    /**
     * {@code idx|tier|name|action|rule}: an explicit deny names its policy; with no policy
     * selecting the pods, Calico's namespace profile allows.
     */
    private static String policy(KernelTally.Entry entry) {
        KernelFlow flow = entry.flow;
        if (entry.denied()) {
            return flow.denial().policyHit();
        }
        Peer reporting = entry.sourceReport ? flow.source() : flow.destination();
        return "0|__PROFILE__|__PROFILE__.kns." + reporting.namespace() + "|allow|0";
    }

    private static void policies(JsonGenerator json, String hit) throws IOException {
        json.writeObjectFieldStart("policies");
        for (String field : List.of("all_policies", "enforced_policies")) {
            json.writeArrayFieldStart(field);
            json.writeString(hit);
            json.writeEndArray();
        }
        json.writeArrayFieldStart("pending_policies");
        json.writeEndArray();
        json.writeEndObject();
    }

    private static long packets(long bytes, long connections) {
        // Handshake and teardown per connection, then full-size segments.
        return bytes == 0 && connections == 0 ? 0 : connections * 3 + (bytes + 1447) / 1448;
    }

    /** Plausible TCP stats, fixed by the record's identity so that output stays reproducible. */
    private static void tcpStats(JsonGenerator json, KernelTally.Entry entry, boolean denied)
            throws IOException {
        boolean tcp = entry.flow.protocol().equals("tcp") && !denied;
        int spread =
                Math.floorMod(
                        (entry.flow.source().id() + entry.flow.destination().id()).hashCode(), 400);
        long rtt = tcp ? 80 + spread : 0;
        json.writeNumberField("tcp_mean_send_congestion_window", tcp ? 10 : 0);
        json.writeNumberField("tcp_min_send_congestion_window", tcp ? 10 : 0);
        json.writeNumberField("tcp_mean_smooth_rtt", rtt);
        json.writeNumberField("tcp_max_smooth_rtt", rtt * 3);
        json.writeNumberField("tcp_mean_min_rtt", rtt / 2);
        json.writeNumberField("tcp_max_min_rtt", rtt);
        json.writeNumberField("tcp_mean_mss", tcp ? 1448 : 0);
        json.writeNumberField("tcp_min_mss", tcp ? 1448 : 0);
        json.writeNumberField("tcp_total_retransmissions", tcp ? spread % 3 : 0);
        json.writeNumberField("tcp_lost_packets", 0);
        json.writeNumberField("tcp_unrecovered_to", 0);
    }
}
