package dev.tandem.ingest.calico;

import dev.tandem.ingest.model.FlowEndpoint;
import dev.tandem.ingest.model.FlowEndpointType;
import dev.tandem.ingest.model.Labels;

/**
 * Collects one side's {@code source_*} or {@code dest_*} fields while a flow log line is read, in
 * whatever order they come.
 */
final class EndpointFields {
    String ip;
    String name;
    String nameAggregate;
    String namespace;
    FlowEndpointType type;
    Labels labels;
    Integer port;

    void clear() {
        ip = null;
        name = null;
        nameAggregate = null;
        namespace = null;
        type = null;
        labels = null;
        port = null;
    }

    /**
     * True when something names this endpoint. A namespace or labels alone do not: they cannot tell
     * one workload from another.
     */
    boolean identifiable() {
        return ip != null || name != null || nameAggregate != null;
    }

    FlowEndpoint toEndpoint() {
        return new FlowEndpoint(ip, name, nameAggregate, namespace, type, labels, port);
    }
}
