package dev.tandem.ingest.model;

import java.util.List;
import java.util.Objects;

/**
 * A Service in an inventory snapshot.
 *
 * @param namespace the namespace
 * @param name the Service name
 * @param clusterIps its cluster IPs, empty for headless Services
 * @param selector its pod selector, empty for selector-less Services
 * @param ports its ports
 */
public record ServiceRecord(
        String namespace,
        String name,
        List<String> clusterIps,
        Labels selector,
        List<ServicePort> ports) {
    public ServiceRecord {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        clusterIps = clusterIps == null ? List.of() : List.copyOf(clusterIps);
        selector = selector == null ? Labels.empty() : selector;
        ports = ports == null ? List.of() : List.copyOf(ports);
    }
}
