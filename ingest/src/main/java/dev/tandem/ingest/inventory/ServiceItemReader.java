package dev.tandem.ingest.inventory;

import static dev.tandem.ingest.inventory.ObjectFields.absent;
import static dev.tandem.ingest.inventory.ObjectFields.array;
import static dev.tandem.ingest.inventory.ObjectFields.describe;
import static dev.tandem.ingest.inventory.ObjectFields.entry;
import static dev.tandem.ingest.inventory.ObjectFields.labels;
import static dev.tandem.ingest.inventory.ObjectFields.object;
import static dev.tandem.ingest.inventory.ObjectFields.requiredText;
import static dev.tandem.ingest.inventory.ObjectFields.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.ingest.model.ServicePort;
import dev.tandem.ingest.model.ServiceRecord;
import java.util.ArrayList;
import java.util.List;

/** Reads a Kubernetes Service object into a {@link ServiceRecord}. */
final class ServiceItemReader {
    /** What a headless Service has for a cluster IP. */
    private static final String HEADLESS = "None";

    private ServiceItemReader() {}

    static ServiceRecord read(JsonNode service) throws ItemRejected {
        JsonNode metadata = object(service, "metadata", "metadata");
        String namespace = requiredText(metadata, "namespace", "metadata.namespace");
        String name = requiredText(metadata, "name", "metadata.name");
        JsonNode spec = object(service, "spec", "spec");
        return new ServiceRecord(
                namespace,
                name,
                clusterIps(spec),
                labels(spec, "selector", "spec.selector"),
                ports(spec));
    }

    /** {@code spec.clusterIPs} (dual stack), else {@code spec.clusterIP}; headless gives none. */
    private static List<String> clusterIps(JsonNode spec) throws ItemRejected {
        List<String> ips = new ArrayList<>(2);
        JsonNode clusterIps = array(spec, "clusterIPs", "spec.clusterIPs");
        if (clusterIps != null) {
            for (int i = 0; i < clusterIps.size(); i++) {
                JsonNode ip = clusterIps.get(i);
                if (!ip.isTextual()) {
                    throw ItemRejected.invalid(
                            "spec.clusterIPs[" + i + "] must be a string, was " + describe(ip));
                }
                addUnlessHeadless(ips, ip.textValue());
            }
        }
        if (ips.isEmpty()) {
            addUnlessHeadless(ips, text(spec, "clusterIP", "spec.clusterIP"));
        }
        return ips;
    }

    private static void addUnlessHeadless(List<String> ips, String ip) {
        if (ip != null && !ip.isEmpty() && !HEADLESS.equals(ip) && !ips.contains(ip)) {
            ips.add(ip);
        }
    }

    private static List<ServicePort> ports(JsonNode spec) throws ItemRejected {
        JsonNode ports = array(spec, "ports", "spec.ports");
        if (ports == null) {
            return List.of();
        }
        List<ServicePort> read = new ArrayList<>(ports.size());
        for (int i = 0; i < ports.size(); i++) {
            String path = "spec.ports[" + i + "]";
            JsonNode port = entry(ports, i, "spec.ports");
            int number = portNumber(port, path);
            String protocol = text(port, "protocol", path + ".protocol");
            read.add(
                    new ServicePort(
                            text(port, "name", path + ".name"),
                            number,
                            protocol == null ? "TCP" : protocol,
                            targetPort(port, number, path)));
        }
        return read;
    }

    private static int portNumber(JsonNode port, String path) throws ItemRejected {
        JsonNode number = port.get("port");
        if (absent(number)) {
            throw ItemRejected.missing(path + ".port");
        }
        if (!number.isIntegralNumber()
                || !number.canConvertToInt()
                || number.intValue() < 1
                || number.intValue() > 65_535) {
            throw ItemRejected.invalid(
                    path + ".port must be a port number (1-65535), was " + number);
        }
        return number.intValue();
    }

    /**
     * The target port as written: a number, or the name of a container port. Absent means the same
     * as the port, as the API server fills it in.
     */
    private static String targetPort(JsonNode port, int number, String path) throws ItemRejected {
        JsonNode target = port.get("targetPort");
        if (absent(target)) {
            return String.valueOf(number);
        }
        if (target.isIntegralNumber() && target.canConvertToInt()) {
            return String.valueOf(target.intValue());
        }
        if (target.isTextual() && !target.textValue().isEmpty()) {
            return target.textValue();
        }
        throw ItemRejected.invalid(
                path + ".targetPort must be a number or a port name, was " + describe(target));
    }
}
