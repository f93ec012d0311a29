package dev.tandem.ingest.calico;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tandem.ingest.decode.DecoderLimits;
import dev.tandem.ingest.decode.FieldOrder;
import dev.tandem.ingest.decode.FlowFieldException;
import dev.tandem.ingest.decode.FlowJson;
import dev.tandem.ingest.decode.ListAccumulator;
import dev.tandem.ingest.decode.ValueCache;
import dev.tandem.ingest.model.DestinationService;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowCounters;
import dev.tandem.ingest.model.FlowEndpointType;
import dev.tandem.ingest.model.FlowOrigin;
import dev.tandem.ingest.model.FlowPolicies;
import dev.tandem.ingest.model.FlowReporter;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.PolicyHit;
import dev.tandem.ingest.model.TcpStats;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the fields of one Calico Enterprise flow log object in a single pass and builds the kernel
 * flow. It holds the fields seen so far, since JSON does not fix their order; one instance per
 * thread, cleared at the start of each line. Field names are Felix's {@code flowlog.JSONOutput}
 * tags plus the aliases Elasticsearch's {@code ee_flows} template adds ({@code source_port_num},
 * {@code dest_port_num}, {@code dest_service_port_name}).
 */
final class CalicoFlowReader {
    /** Reporter lists by bit mask (1 = src, 2 = dst, 4 = fwd): shared, already in enum order. */
    private static final List<List<FlowReporter>> REPORTERS = reporterLists();

    private static final int TCP_FIELDS = 11;

    /**
     * The order Felix writes a flow log's fields in (its {@code flowlog.JSONOutput} struct), so
     * that names in that order are matched rather than looked up; any order reads the same.
     */
    private static final FieldOrder FELIX_ORDER =
            new FieldOrder(
                    "start_time",
                    "end_time",
                    "source_ip",
                    "source_name",
                    "source_name_aggr",
                    "source_namespace",
                    "source_port",
                    "source_type",
                    "source_labels",
                    "dest_ip",
                    "dest_name",
                    "dest_name_aggr",
                    "dest_namespace",
                    "dest_port",
                    "dest_type",
                    "dest_labels",
                    "dest_service_namespace",
                    "dest_service_name",
                    "dest_service_port",
                    "dest_service_port_num",
                    "dest_domains",
                    "proto",
                    "action",
                    "reporter",
                    "policies",
                    "bytes_in",
                    "bytes_out",
                    "num_flows",
                    "num_flows_started",
                    "num_flows_completed",
                    "packets_in",
                    "packets_out",
                    "http_requests_allowed_in",
                    "http_requests_denied_in",
                    "process_name",
                    "num_process_names",
                    "process_id",
                    "num_process_ids",
                    "process_args",
                    "num_process_args",
                    "original_source_ips",
                    "num_original_source_ips",
                    "tcp_mean_send_congestion_window",
                    "tcp_min_send_congestion_window",
                    "tcp_mean_smooth_rtt",
                    "tcp_max_smooth_rtt",
                    "tcp_mean_min_rtt",
                    "tcp_max_min_rtt",
                    "tcp_mean_mss",
                    "tcp_min_mss",
                    "tcp_total_retransmissions",
                    "tcp_lost_packets",
                    "tcp_unrecovered_to",
                    "host",
                    "@timestamp");

    private static final FieldOrder POLICIES_ORDER =
            new FieldOrder(
                    "all_policies", "enforced_policies", "pending_policies", "transit_policies");

    private final FieldOrder.Cursor fields = FELIX_ORDER.cursor();
    private final FieldOrder.Cursor policyFields = POLICIES_ORDER.cursor();

    private final FlowJson json;
    private final ValueCache<List<PolicyHit>> policyHits;
    private final EndpointFields source = new EndpointFields();
    private final EndpointFields destination = new EndpointFields();

    private Instant start;
    private Instant end;
    private Instant documentTimestamp;
    private String protocol;
    private FlowAction action;
    private List<FlowReporter> reporters;

    private String serviceNamespace;
    private String serviceName;
    private String servicePortName;
    private Integer servicePort;

    private FlowPolicies policies;

    private long bytesIn;
    private long bytesOut;
    private long packetsIn;
    private long packetsOut;
    private long numFlows;
    private long numFlowsStarted;
    private long numFlowsCompleted;
    private long httpAllowedIn;
    private long httpDeniedIn;

    private String processName;
    private List<String> processNames;
    private List<String> originalSourceIps;
    private List<String> destinationDomains;
    private String host;

    private long[] tcp;

    /**
     * @param json the decoder's value reader
     * @param policyHits the decoder's cache of parsed policy strings, each as a one-entry list
     */
    CalicoFlowReader(FlowJson json, ValueCache<List<PolicyHit>> policyHits) {
        this.json = json;
        this.policyHits = policyHits;
    }

    /**
     * Reads the fields of the object whose START_OBJECT the parser is on, through its END_OBJECT.
     * Starts from a clean slate every time, so one reader serves every line its thread decodes (a
     * reader is the size of a small record: making one per line was a tenth of the allocation).
     */
    KernelFlow read(JsonParser p) throws IOException {
        clear();
        fields.reset();
        String field;
        while ((field = fields.nextFieldName(p)) != null) {
            p.nextToken();
            readField(p, field);
        }
        return build();
    }

    /** Forgets the previous line: every field as if this reader were new. */
    private void clear() {
        source.clear();
        destination.clear();
        start = null;
        end = null;
        documentTimestamp = null;
        protocol = null;
        action = null;
        reporters = List.of();
        serviceNamespace = null;
        serviceName = null;
        servicePortName = null;
        servicePort = null;
        policies = FlowPolicies.none();
        bytesIn = 0;
        bytesOut = 0;
        packetsIn = 0;
        packetsOut = 0;
        numFlows = 0;
        numFlowsStarted = 0;
        numFlowsCompleted = 0;
        httpAllowedIn = 0;
        httpDeniedIn = 0;
        processName = null;
        processNames = List.of();
        originalSourceIps = List.of();
        destinationDomains = List.of();
        host = null;
        tcp = null;
    }

    private void readField(JsonParser p, String field) throws IOException {
        switch (field) {
            case "start_time" -> start = FlowJson.timestamp(p, field);
            case "end_time" -> end = FlowJson.timestamp(p, field);
            case "@timestamp" -> documentTimestamp = FlowJson.timestamp(p, field);

            case "source_ip" -> source.ip = json.text(p, field);
            case "source_name" -> source.name = json.text(p, field);
            case "source_name_aggr" -> source.nameAggregate = json.text(p, field);
            case "source_namespace" -> source.namespace = json.text(p, field);
            case "source_type" -> source.type = endpointType(p, field);
            case "source_labels" -> source.labels = json.labels(p, field);
            case "source_port", "source_port_num" -> source.port = FlowJson.port(p, field);

            case "dest_ip" -> destination.ip = json.text(p, field);
            case "dest_name" -> destination.name = json.text(p, field);
            case "dest_name_aggr" -> destination.nameAggregate = json.text(p, field);
            case "dest_namespace" -> destination.namespace = json.text(p, field);
            case "dest_type" -> destination.type = endpointType(p, field);
            case "dest_labels" -> destination.labels = json.labels(p, field);
            case "dest_port", "dest_port_num" -> destination.port = FlowJson.port(p, field);

            case "dest_service_namespace" -> serviceNamespace = json.text(p, field);
            case "dest_service_name" -> serviceName = json.text(p, field);
            case "dest_service_port" -> readServicePort(p, field);
            case "dest_service_port_name" -> servicePortName = json.text(p, field);
            case "dest_service_port_num" -> servicePort = FlowJson.port(p, field);
            case "dest_domains" -> destinationDomains = json.strings(p, field);

            case "proto" -> protocol = json.protocol(p, field);
            case "action" -> action = action(p, field);
            case "reporter" -> reporters = reporters(p, field);
            case "policies" -> policies = policies(p, field);

            case "bytes_in" -> bytesIn = FlowJson.counter(p, field);
            case "bytes_out" -> bytesOut = FlowJson.counter(p, field);
            case "packets_in" -> packetsIn = FlowJson.counter(p, field);
            case "packets_out" -> packetsOut = FlowJson.counter(p, field);
            case "num_flows" -> numFlows = FlowJson.counter(p, field);
            case "num_flows_started" -> numFlowsStarted = FlowJson.counter(p, field);
            case "num_flows_completed" -> numFlowsCompleted = FlowJson.counter(p, field);
            case "http_requests_allowed_in" -> httpAllowedIn = FlowJson.counter(p, field);
            case "http_requests_denied_in" -> httpDeniedIn = FlowJson.counter(p, field);

            case "process_name" -> processName = json.text(p, field);
            case "process_names" -> processNames = json.strings(p, field);
            case "original_source_ips" -> originalSourceIps = json.strings(p, field);
            case "host" -> host = json.text(p, field);

            case "tcp_mean_send_congestion_window" -> tcp(p, field, 0);
            case "tcp_min_send_congestion_window" -> tcp(p, field, 1);
            case "tcp_mean_smooth_rtt" -> tcp(p, field, 2);
            case "tcp_max_smooth_rtt" -> tcp(p, field, 3);
            case "tcp_mean_min_rtt" -> tcp(p, field, 4);
            case "tcp_max_min_rtt" -> tcp(p, field, 5);
            case "tcp_mean_mss" -> tcp(p, field, 6);
            case "tcp_min_mss" -> tcp(p, field, 7);
            case "tcp_total_retransmissions" -> tcp(p, field, 8);
            case "tcp_lost_packets" -> tcp(p, field, 9);
            case "tcp_unrecovered_to" -> tcp(p, field, 10);

            // Known but not modelled (num_process_names, process_id, process_args,
            // nat_outgoing_ports, transit_*), and anything newer Calico adds.
            default -> p.skipChildren();
        }
    }

    private KernelFlow build() {
        if (action == null) {
            throw FlowFieldException.missing("action", "a flow log must say allow or deny");
        }
        if (!source.identifiable() && !destination.identifiable()) {
            throw FlowFieldException.missing(
                    "source_ip/source_name/source_name_aggr",
                    "neither endpoint has an IP, a name or an aggregated name");
        }
        // Flow logs read straight from Felix's file carry end_time; documents exported from
        // Elasticsearch may carry only the @timestamp its pipeline set from it.
        Instant effectiveEnd = end != null ? end : documentTimestamp;
        DestinationService service =
                serviceNamespace == null
                                && serviceName == null
                                && servicePortName == null
                                && servicePort == null
                        ? null
                        : new DestinationService(
                                serviceNamespace, serviceName, servicePortName, servicePort);
        FlowCounters counters =
                new FlowCounters(
                        bytesIn,
                        bytesOut,
                        packetsIn,
                        packetsOut,
                        numFlows,
                        numFlowsStarted,
                        numFlowsCompleted,
                        httpAllowedIn,
                        httpDeniedIn);
        return new KernelFlow(
                FlowOrigin.CALICO,
                start,
                effectiveEnd,
                source.toEndpoint(),
                destination.toEndpoint(),
                destination.port,
                protocol,
                action,
                reporters,
                service,
                policies,
                counters,
                allProcessNames(),
                originalSourceIps,
                destinationDomains,
                host,
                tcpStats());
    }

    /**
     * Calico calls the port's name {@code dest_service_port}; a number there (as in L7 logs) is the
     * port itself.
     */
    private void readServicePort(JsonParser p, String field) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT) {
            Integer number = FlowJson.port(p, field);
            if (servicePort == null) {
                servicePort = number;
            }
            return;
        }
        servicePortName = json.text(p, field);
    }

    private FlowEndpointType endpointType(JsonParser p, String field) throws IOException {
        // The usual spellings are matched in the parser's buffer; anything else is read below.
        if (FlowJson.isText(p, "wep")) {
            return FlowEndpointType.WEP;
        }
        if (FlowJson.isText(p, "net")) {
            return FlowEndpointType.NET;
        }
        if (FlowJson.isText(p, "hep")) {
            return FlowEndpointType.HEP;
        }
        String text = json.text(p, field);
        if (text == null) {
            return null;
        }
        FlowEndpointType type = FlowEndpointType.fromCalico(text);
        if (type == null) {
            throw FlowFieldException.invalid(
                    field, "\"" + FlowJson.excerpt(text) + "\" is not wep, hep, ns or net");
        }
        return type;
    }

    private FlowAction action(JsonParser p, String field) throws IOException {
        if (FlowJson.isText(p, "allow")) {
            return FlowAction.ALLOW;
        }
        if (FlowJson.isText(p, "deny")) {
            return FlowAction.DENY;
        }
        String text = json.text(p, field);
        if (text == null) {
            return null;
        }
        if (text.equalsIgnoreCase("allow")) {
            return FlowAction.ALLOW;
        }
        if (text.equalsIgnoreCase("deny")) {
            return FlowAction.DENY;
        }
        throw FlowFieldException.invalid(
                field, "\"" + FlowJson.excerpt(text) + "\" is not allow or deny");
    }

    /** {@code src}, {@code dst}, {@code fwd}, or several joined by commas ({@code dst, fwd}). */
    private List<FlowReporter> reporters(JsonParser p, String field) throws IOException {
        if (FlowJson.isText(p, "src")) {
            return REPORTERS.get(1);
        }
        if (FlowJson.isText(p, "dst")) {
            return REPORTERS.get(2);
        }
        String text = json.text(p, field);
        if (text == null) {
            return List.of();
        }
        int mask = 0;
        int from = 0;
        while (from <= text.length()) {
            int comma = text.indexOf(',', from);
            int to = comma < 0 ? text.length() : comma;
            mask |= reporterBit(text, from, to, field);
            from = to + 1;
        }
        return REPORTERS.get(mask);
    }

    private static int reporterBit(String text, int from, int to, String field) {
        while (from < to && text.charAt(from) == ' ') {
            from++;
        }
        while (to > from && text.charAt(to - 1) == ' ') {
            to--;
        }
        if (to - from == 3) {
            if (text.regionMatches(true, from, "src", 0, 3)) {
                return 1;
            }
            if (text.regionMatches(true, from, "dst", 0, 3)) {
                return 2;
            }
            if (text.regionMatches(true, from, "fwd", 0, 3)) {
                return 4;
            }
        }
        throw FlowFieldException.invalid(
                field,
                "\"" + FlowJson.excerpt(text) + "\" is not src, dst, fwd or a comma-joined list");
    }

    private FlowPolicies policies(JsonParser p, String field) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return FlowPolicies.none();
        }
        if (token != JsonToken.START_OBJECT) {
            throw FlowJson.wrongType(p, field, "an object of policy lists");
        }
        List<PolicyHit> all = null;
        List<PolicyHit> enforced = null;
        List<PolicyHit> pending = null;
        List<PolicyHit> transit = null;
        String name;
        policyFields.reset();
        while ((name = policyFields.nextFieldName(p)) != null) {
            p.nextToken();
            switch (name) {
                case "all_policies" -> all = policyList(p, "policies.all_policies");
                case "enforced_policies" -> enforced = policyList(p, "policies.enforced_policies");
                case "pending_policies" -> pending = policyList(p, "policies.pending_policies");
                case "transit_policies" -> transit = policyList(p, "policies.transit_policies");
                default -> p.skipChildren();
            }
        }
        return new FlowPolicies(all, enforced, pending, transit);
    }

    /**
     * Reads the entries straight from the parser's buffer: the same policy strings recur on most
     * lines, and a cached one costs neither a string nor a parse.
     */
    private List<PolicyHit> policyList(JsonParser p, String field) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return List.of();
        }
        if (token == JsonToken.VALUE_STRING) {
            List<PolicyHit> single = policyHit(p, field);
            return single == null ? List.of() : single;
        }
        if (token != JsonToken.START_ARRAY) {
            throw FlowJson.wrongType(p, field, "an array of policy strings");
        }
        // Most lists hold one entry: the cached one-entry list is the answer then, as it is.
        List<PolicyHit> first = null;
        ListAccumulator<PolicyHit> hits = null;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.VALUE_STRING && token != JsonToken.VALUE_NULL) {
                throw FlowJson.wrongType(p, field, "a policy string");
            }
            List<PolicyHit> hit = policyHit(p, field);
            if (hit == null) {
                continue;
            }
            if (first == null) {
                first = hit;
                continue;
            }
            if (hits == null) {
                hits = new ListAccumulator<>(field);
                hits.add(first.get(0));
            }
            hits.add(hit.get(0));
        }
        if (hits != null) {
            return hits.toList();
        }
        return first == null ? List.of() : first;
    }

    /** The entry as a one-entry list (as cached), or null when absent. */
    private List<PolicyHit> policyHit(JsonParser p, String field) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return null;
        }
        char[] chars = p.getTextCharacters();
        int offset = p.getTextOffset();
        int length = p.getTextLength();
        if (length == 0 || (length == 1 && chars[offset] == '-')) {
            return null;
        }
        try {
            return policyHits.get(chars, offset, length);
        } catch (IllegalArgumentException e) {
            throw FlowFieldException.invalid(
                    field,
                    "malformed policy string \""
                            + FlowJson.excerpt(p.getText())
                            + "\": "
                            + e.getMessage());
        }
    }

    private void tcp(JsonParser p, String field, int slot) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            return;
        }
        long value = FlowJson.counter(p, field);
        if (tcp == null) {
            tcp = new long[TCP_FIELDS];
        }
        tcp[slot] = value;
    }

    private TcpStats tcpStats() {
        if (tcp == null) {
            return null;
        }
        return new TcpStats(
                tcp[0], tcp[1], tcp[2], tcp[3], tcp[4], tcp[5], tcp[6], tcp[7], tcp[8], tcp[9],
                tcp[10]);
    }

    /**
     * {@code process_name} first (Calico writes {@code *} there when several processes were
     * aggregated), then any {@code process_names} not already listed.
     */
    private List<String> allProcessNames() {
        if (processName == null) {
            return processNames;
        }
        if (processNames.isEmpty()) {
            return List.of(processName);
        }
        List<String> names = new ArrayList<>(processNames.size() + 1);
        names.add(processName);
        for (String name : processNames) {
            if (!names.contains(name) && names.size() < DecoderLimits.MAX_LIST_ENTRIES) {
                names.add(name);
            }
        }
        return names;
    }

    private static List<List<FlowReporter>> reporterLists() {
        List<List<FlowReporter>> lists = new ArrayList<>(8);
        for (int mask = 0; mask < 8; mask++) {
            List<FlowReporter> reporters = new ArrayList<>(3);
            for (FlowReporter reporter : FlowReporter.values()) {
                if ((mask & (1 << reporter.ordinal())) != 0) {
                    reporters.add(reporter);
                }
            }
            lists.add(List.copyOf(reporters));
        }
        return List.copyOf(lists);
    }
}
