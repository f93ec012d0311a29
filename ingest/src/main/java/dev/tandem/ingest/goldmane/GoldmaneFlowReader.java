package dev.tandem.ingest.goldmane;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.tandem.ingest.decode.FlowFieldException;
import dev.tandem.ingest.decode.FlowJson;
import dev.tandem.ingest.model.DestinationService;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowCounters;
import dev.tandem.ingest.model.FlowEndpoint;
import dev.tandem.ingest.model.FlowEndpointType;
import dev.tandem.ingest.model.FlowOrigin;
import dev.tandem.ingest.model.FlowPolicies;
import dev.tandem.ingest.model.FlowReporter;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.Labels;
import java.io.IOException;
import java.time.Instant;
import java.util.List;

/**
 * Reads one Goldmane {@code Flow} object (its {@code Key} included) in a single pass. One instance
 * per record. Every field is read under both of its JSON names: the proto name ({@code
 * source_name}, what Goldmane's emitter writes through Go's {@code encoding/json}) and the
 * lowerCamelCase name ({@code sourceName}, what protojson writes by default).
 *
 * <p>proto3 has no field presence, and Go's {@code omitempty} leaves zero values out: a missing
 * counter or index is 0, and a zero time, port or service port means "not set" (null).
 */
final class GoldmaneFlowReader {
    private final FlowJson json;
    private final GoldmaneEnums enums;
    private final GoldmanePolicyReader policyReader;

    private String sourceName;
    private String sourceNamespace;
    private FlowEndpointType sourceType;
    private Labels sourceLabels;
    private String destName;
    private String destNamespace;
    private FlowEndpointType destType;
    private Labels destLabels;
    private Integer destPort;

    private String serviceName;
    private String serviceNamespace;
    private String servicePortName;
    private Integer servicePort;

    private String protocol;
    private FlowReporter reporter;
    private FlowAction action;
    private FlowPolicies policies = FlowPolicies.none();

    private Instant start;
    private Instant end;
    private long packetsIn;
    private long packetsOut;
    private long bytesIn;
    private long bytesOut;
    private long connectionsStarted;
    private long connectionsCompleted;
    private long connectionsLive;

    /** A reader for one record, sharing the decoder's value readers (and their caches). */
    GoldmaneFlowReader(FlowJson json, GoldmaneEnums enums, GoldmanePolicyReader policyReader) {
        this.json = json;
        this.enums = enums;
        this.policyReader = policyReader;
    }

    /** Reads the object whose START_OBJECT the parser is on, through its END_OBJECT. */
    KernelFlow read(JsonParser p) throws IOException {
        readFlow(p);
        return build();
    }

    private void readFlow(JsonParser p) throws IOException {
        String field;
        while ((field = p.nextFieldName()) != null) {
            p.nextToken();
            switch (field) {
                case "Key", "key" -> readKey(p);
                // FlowResult (Flows API) and FlowUpdate (collector) wrap the Flow in "flow".
                case "flow" -> readWrapped(p);
                case "start_time", "startTime" -> start = time(p, field);
                case "end_time", "endTime" -> end = time(p, field);
                case "source_labels", "sourceLabels" -> sourceLabels = json.labels(p, field);
                case "dest_labels", "destLabels" -> destLabels = json.labels(p, field);
                case "packets_in", "packetsIn" -> packetsIn = FlowJson.counter(p, field);
                case "packets_out", "packetsOut" -> packetsOut = FlowJson.counter(p, field);
                case "bytes_in", "bytesIn" -> bytesIn = FlowJson.counter(p, field);
                case "bytes_out", "bytesOut" -> bytesOut = FlowJson.counter(p, field);
                case "num_connections_started", "numConnectionsStarted" ->
                        connectionsStarted = FlowJson.counter(p, field);
                case "num_connections_completed", "numConnectionsCompleted" ->
                        connectionsCompleted = FlowJson.counter(p, field);
                case "num_connections_live", "numConnectionsLive" ->
                        connectionsLive = FlowJson.counter(p, field);
                default -> p.skipChildren();
            }
        }
    }

    private void readWrapped(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return;
        }
        if (token != JsonToken.START_OBJECT) {
            throw FlowJson.wrongType(p, "flow", "a Flow object");
        }
        try {
            readFlow(p);
        } catch (FlowFieldException e) {
            throw e.within("flow");
        }
    }

    private void readKey(JsonParser p) throws IOException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return;
        }
        if (token != JsonToken.START_OBJECT) {
            throw FlowJson.wrongType(p, "Key", "a FlowKey object");
        }
        try {
            String field;
            while ((field = p.nextFieldName()) != null) {
                p.nextToken();
                readKeyField(p, field);
            }
        } catch (FlowFieldException e) {
            throw e.within("Key");
        }
    }

    private void readKeyField(JsonParser p, String field) throws IOException {
        switch (field) {
            case "source_name", "sourceName" -> sourceName = json.text(p, field);
            case "source_namespace", "sourceNamespace" -> sourceNamespace = json.text(p, field);
            case "source_type", "sourceType" -> sourceType = enums.endpointType(p, field);
            case "dest_name", "destName" -> destName = json.text(p, field);
            case "dest_namespace", "destNamespace" -> destNamespace = json.text(p, field);
            case "dest_type", "destType" -> destType = enums.endpointType(p, field);
            case "dest_port", "destPort" -> destPort = unsetIfZero(FlowJson.port(p, field));
            case "dest_service_name", "destServiceName" -> serviceName = json.text(p, field);
            case "dest_service_namespace", "destServiceNamespace" ->
                    serviceNamespace = json.text(p, field);
            case "dest_service_port_name", "destServicePortName" ->
                    servicePortName = json.text(p, field);
            case "dest_service_port", "destServicePort" ->
                    servicePort = unsetIfZero(FlowJson.port(p, field));
            case "proto" -> protocol = json.protocol(p, field);
            case "reporter" -> reporter = enums.reporter(p, field);
            case "action" -> action = enums.flowAction(p, field);
            case "policies" -> policies = policyReader.trace(p);
            default -> p.skipChildren();
        }
    }

    private KernelFlow build() {
        if (action == null) {
            throw FlowFieldException.missing(
                    "Key.action", "a flow must say Allow or Deny (absent or ActionUnspecified)");
        }
        if (sourceName == null && destName == null) {
            throw FlowFieldException.missing(
                    "Key.source_name/Key.dest_name", "neither endpoint has a name");
        }
        // Goldmane names are aggregated names (a pod's GenerateName plus '*', a network set,
        // pub/pvt) and it never reports IPs, so the name goes where Calico puts name_aggr.
        FlowEndpoint source =
                new FlowEndpoint(
                        null, null, sourceName, sourceNamespace, sourceType, sourceLabels, null);
        FlowEndpoint destination =
                new FlowEndpoint(
                        null, null, destName, destNamespace, destType, destLabels, destPort);
        DestinationService service =
                serviceName == null
                                && serviceNamespace == null
                                && servicePortName == null
                                && servicePort == null
                        ? null
                        : new DestinationService(
                                serviceNamespace, serviceName, servicePortName, servicePort);
        // FlowCounters' contract for Goldmane: numFlows is the connections started in the
        // interval plus those still live at its end.
        FlowCounters counters =
                new FlowCounters(
                        bytesIn,
                        bytesOut,
                        packetsIn,
                        packetsOut,
                        connectionsStarted + connectionsLive,
                        connectionsStarted,
                        connectionsCompleted,
                        0,
                        0);
        return new KernelFlow(
                FlowOrigin.GOLDMANE,
                start,
                end,
                source,
                destination,
                destPort,
                protocol,
                action,
                reporter == null ? List.of() : List.of(reporter),
                service,
                policies,
                counters,
                null,
                null,
                null,
                null,
                null);
    }

    private static Instant time(JsonParser p, String field) throws IOException {
        Instant instant = FlowJson.timestamp(p, field);
        return instant == null || instant.equals(Instant.EPOCH) ? null : instant;
    }

    private static Integer unsetIfZero(Integer port) {
        return port == null || port == 0 ? null : port;
    }
}
