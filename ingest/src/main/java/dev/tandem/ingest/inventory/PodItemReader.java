package dev.tandem.ingest.inventory;

import static dev.tandem.ingest.inventory.ObjectFields.array;
import static dev.tandem.ingest.inventory.ObjectFields.bool;
import static dev.tandem.ingest.inventory.ObjectFields.entry;
import static dev.tandem.ingest.inventory.ObjectFields.labels;
import static dev.tandem.ingest.inventory.ObjectFields.object;
import static dev.tandem.ingest.inventory.ObjectFields.requiredText;
import static dev.tandem.ingest.inventory.ObjectFields.text;
import static dev.tandem.ingest.inventory.ObjectFields.time;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.OwnerRef;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.ingest.model.WorkloadNames;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a Kubernetes Pod object into a {@link PodRecord}: who the pod is (workload, service
 * account, labels), where it ran, whether it had a sidecar, and when its IPs were its own.
 */
final class PodItemReader {
    /** The container Istio injects; also run as a native sidecar (an init container). */
    static final String ISTIO_PROXY = "istio-proxy";

    private PodItemReader() {}

    static PodRecord read(JsonNode pod) throws ItemRejected {
        JsonNode metadata = object(pod, "metadata", "metadata");
        String namespace = requiredText(metadata, "namespace", "metadata.namespace");
        String name = requiredText(metadata, "name", "metadata.name");
        Labels labels = labels(metadata, "labels", "metadata.labels");
        OwnerRef owner = ObjectFields.owner(metadata);
        Instant created = time(metadata, "creationTimestamp", "metadata.creationTimestamp");
        Instant deleted = time(metadata, "deletionTimestamp", "metadata.deletionTimestamp");

        JsonNode spec = object(pod, "spec", "spec");
        String serviceAccount = text(spec, "serviceAccountName", "spec.serviceAccountName");
        if (serviceAccount == null) {
            serviceAccount = text(spec, "serviceAccount", "spec.serviceAccount");
        }

        JsonNode status = object(pod, "status", "status");
        Instant started = time(status, "startTime", "status.startTime");
        String phase = text(status, "phase", "status.phase");

        return new PodRecord(
                namespace,
                name,
                text(metadata, "uid", "metadata.uid"),
                ips(status),
                started != null ? started : created,
                validUntil(status, phase, deleted),
                labels,
                serviceAccount,
                owner,
                WorkloadNames.fromOwner(name, owner),
                text(spec, "nodeName", "spec.nodeName"),
                bool(spec, "hostNetwork", "spec.hostNetwork"),
                labels.carriesIstioSidecar() || runsIstioProxy(spec),
                phase);
    }

    /** {@code status.podIPs[].ip} (dual stack), else {@code status.podIP}. */
    private static List<String> ips(JsonNode status) throws ItemRejected {
        List<String> ips = new ArrayList<>(2);
        JsonNode podIps = array(status, "podIPs", "status.podIPs");
        if (podIps != null) {
            for (int i = 0; i < podIps.size(); i++) {
                String ip = text(entry(podIps, i, "status.podIPs"), "ip", "status.podIPs.ip");
                if (ip != null && !ips.contains(ip)) {
                    ips.add(ip);
                }
            }
        }
        if (ips.isEmpty()) {
            String ip = text(status, "podIP", "status.podIP");
            if (ip != null) {
                ips.add(ip);
            }
        }
        return ips;
    }

    /**
     * When the pod's IPs stopped being its own: the deletion time, or for a pod that ran to
     * completion ({@code Succeeded}, {@code Failed}) the moment its last container finished,
     * whichever came first. A completed pod keeps {@code status.podIP}, but the network has already
     * given the address to someone else.
     */
    private static Instant validUntil(JsonNode status, String phase, Instant deleted)
            throws ItemRejected {
        if (!"Succeeded".equals(phase) && !"Failed".equals(phase)) {
            return deleted;
        }
        Instant finished = lastFinished(status, "containerStatuses");
        Instant initFinished = lastFinished(status, "initContainerStatuses");
        if (finished == null || (initFinished != null && initFinished.isAfter(finished))) {
            finished = initFinished;
        }
        if (deleted == null || (finished != null && finished.isBefore(deleted))) {
            return finished;
        }
        return deleted;
    }

    private static Instant lastFinished(JsonNode status, String field) throws ItemRejected {
        JsonNode statuses = array(status, field, "status." + field);
        if (statuses == null) {
            return null;
        }
        Instant last = null;
        for (int i = 0; i < statuses.size(); i++) {
            String path = "status." + field + "[" + i + "]";
            JsonNode state =
                    object(entry(statuses, i, "status." + field), "state", path + ".state");
            JsonNode terminated = object(state, "terminated", path + ".state.terminated");
            Instant finished =
                    time(terminated, "finishedAt", path + ".state.terminated.finishedAt");
            if (finished != null && (last == null || finished.isAfter(last))) {
                last = finished;
            }
        }
        return last;
    }

    /**
     * True when an {@code istio-proxy} container runs in the pod: a regular container, or a native
     * sidecar (an init container with {@code restartPolicy: Always}, Istio 1.19+). A plain init
     * container of that name ends before the pod starts and mediates nothing.
     */
    private static boolean runsIstioProxy(JsonNode spec) throws ItemRejected {
        JsonNode containers = array(spec, "containers", "spec.containers");
        if (containers != null) {
            for (int i = 0; i < containers.size(); i++) {
                JsonNode container = entry(containers, i, "spec.containers");
                if (ISTIO_PROXY.equals(text(container, "name", "spec.containers.name"))) {
                    return true;
                }
            }
        }
        JsonNode inits = array(spec, "initContainers", "spec.initContainers");
        if (inits != null) {
            for (int i = 0; i < inits.size(); i++) {
                JsonNode init = entry(inits, i, "spec.initContainers");
                if (ISTIO_PROXY.equals(text(init, "name", "spec.initContainers.name"))
                        && "Always"
                                .equals(
                                        text(
                                                init,
                                                "restartPolicy",
                                                "spec.initContainers.restartPolicy"))) {
                    return true;
                }
            }
        }
        return false;
    }
}
