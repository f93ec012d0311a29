package dev.tandem.jobs.correlate;

import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.FlowEndpoint;
import dev.tandem.ingest.model.FlowEndpointType;
import dev.tandem.ingest.model.HostPort;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.PodContext;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.ingest.model.WorkloadNames;
import java.time.Instant;

/**
 * Resolves what evidence says about an endpoint to the identity Tandem reasons about, from the most
 * specific source first: the inventory (an IP at a moment), then what the record itself carries.
 */
final class Endpoints {
    static final String UNKNOWN = "unknown";

    private Endpoints() {}

    /** A pod from the inventory. Host-network pods are their node. */
    static EndpointRef fromPod(PodRecord pod) {
        if (pod.hostNetwork()) {
            String node = pod.node() == null ? pod.name() : pod.node();
            return new EndpointRef(null, node, EndpointKind.HOST, Labels.empty(), false, null);
        }
        return new EndpointRef(
                pod.namespace(),
                pod.workload(),
                EndpointKind.WORKLOAD,
                pod.labels(),
                pod.sidecarPresent() || pod.labels().carriesIstioSidecar(),
                pod.serviceAccount());
    }

    /**
     * One side of a Calico flow: the inventory when the record has an IP, else Calico's own names
     * (with default aggregation allowed flows carry only {@code name_aggr}, namespace and labels).
     */
    static EndpointRef fromFlow(FlowEndpoint side, Instant at, PodLookup pods) {
        if (side.ip() != null && at != null) {
            PodRecord pod = pods.podAt(side.ip(), at);
            if (pod != null) {
                return fromPod(pod);
            }
        }
        FlowEndpointType type = side.type();
        if (type == FlowEndpointType.WEP) {
            String workload = firstNonNull(side.workloadName(), appLabel(side.labels()), side.ip());
            return new EndpointRef(
                    side.namespace(),
                    workload,
                    EndpointKind.WORKLOAD,
                    side.labels(),
                    side.labels().carriesIstioSidecar(),
                    null);
        }
        if (type == FlowEndpointType.HEP) {
            String host = firstNonNull(side.name(), side.nameAggregate(), side.ip());
            return new EndpointRef(null, host, EndpointKind.HOST, side.labels(), false, null);
        }
        if (type == FlowEndpointType.NS) {
            String set = firstNonNull(side.name(), side.nameAggregate(), side.ip());
            return new EndpointRef(
                    side.namespace(), set, EndpointKind.NETWORK, side.labels(), false, null);
        }
        if (side.name() == null && side.ip() != null) {
            return EndpointRef.external(side.ip());
        }
        String network = firstNonNull(side.name(), side.nameAggregate(), side.ip());
        return new EndpointRef(null, network, EndpointKind.NETWORK, side.labels(), false, null);
    }

    /**
     * The pod that wrote a proxy line: the inventory by the envelope's pod IP or by the line's own
     * address, else the envelope's names. A pod that writes sidecar access logs is meshed, whatever
     * its labels say. Null when nothing names it.
     */
    static EndpointRef sidecarPod(
            PodContext envelope, HostPort ownAddress, Instant at, PodLookup pods) {
        if (envelope != null && envelope.podIp() != null) {
            PodRecord pod = pods.podAt(envelope.podIp(), at);
            if (pod != null) {
                return meshed(fromPod(pod));
            }
        }
        if (envelope != null && envelope.namespace() != null && envelope.pod() != null) {
            String workload =
                    envelope.owner() != null
                            ? WorkloadNames.fromOwner(envelope.pod(), envelope.owner())
                            : WorkloadNames.fromPodName(envelope.pod());
            return new EndpointRef(
                    envelope.namespace(),
                    workload,
                    EndpointKind.WORKLOAD,
                    envelope.labels(),
                    true,
                    null);
        }
        if (ownAddress != null) {
            PodRecord pod = pods.podAt(ownAddress.host(), at);
            if (pod != null) {
                return meshed(fromPod(pod));
            }
        }
        return null;
    }

    /** An address a sidecar talked to: a pod when the inventory knows it, else an external peer. */
    static EndpointRef fromAddress(String ip, Instant at, PodLookup pods) {
        PodRecord pod = pods.podAt(ip, at);
        return pod != null ? fromPod(pod) : EndpointRef.external(ip);
    }

    /**
     * The Service behind an outbound cluster's FQDN ({@code reviews.default.svc.cluster.local}),
     * named as the workload: it matches the kernel's workload when the Deployment and the Service
     * share a name, the common case. A name that is not a cluster Service is an external peer.
     */
    static EndpointRef fromServiceHost(String fqdn) {
        int svc = fqdn.indexOf(".svc.");
        String[] parts = (svc > 0 ? fqdn.substring(0, svc) : fqdn).split("\\.");
        if (svc > 0 && parts.length == 2) {
            return new EndpointRef(
                    parts[1], parts[0], EndpointKind.WORKLOAD, Labels.empty(), false, null);
        }
        return EndpointRef.external(fqdn);
    }

    /**
     * A caller known only by its SPIFFE id ({@code spiffe://TD/ns/NS/sa/SA}): named by its service
     * account, which matches the workload when they share a name. Null when the id has another
     * form.
     */
    static EndpointRef fromSpiffeId(String spiffeId) {
        int ns = spiffeId.indexOf("/ns/");
        int sa = spiffeId.indexOf("/sa/");
        if (ns < 0 || sa < ns) {
            return null;
        }
        String namespace = spiffeId.substring(ns + 4, sa);
        String account = spiffeId.substring(sa + 4);
        if (namespace.isEmpty() || account.isEmpty()) {
            return null;
        }
        return new EndpointRef(
                namespace, account, EndpointKind.WORKLOAD, Labels.empty(), true, account);
    }

    private static EndpointRef meshed(EndpointRef ref) {
        return ref.meshed()
                ? ref
                : new EndpointRef(
                        ref.namespace(),
                        ref.workload(),
                        ref.kind(),
                        ref.labels(),
                        true,
                        ref.serviceAccount());
    }

    private static String appLabel(Labels labels) {
        return firstNonNull(labels.get("app.kubernetes.io/name"), labels.get("app"), null);
    }

    private static String firstNonNull(String a, String b, String c) {
        if (a != null) {
            return a;
        }
        if (b != null) {
            return b;
        }
        return c != null ? c : UNKNOWN;
    }
}
