package dev.tandem.jobs.correlate;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.json.CanonicalJson;
import dev.tandem.ingest.model.ClusterKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.model.HostPort;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.ingest.model.ProxyRequest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ReadOnlyBroadcastState;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Resolves both ends of every kernel flow and proxy request to workloads and emits it as {@link
 * EdgeEvidence}, keyed later by its edge. The inventory arrives as a broadcast stream of pods and
 * is kept as IP histories (pod IPs are reused: an IP resolves to the pod that held it at the
 * evidence's time).
 *
 * <ul>
 *   <li>Kernel flow: each side through the inventory when the record has an IP, else Calico's
 *       aggregated name, namespace and labels (meshed when {@code
 *       security.istio.io/tlsMode=istio}).
 *   <li>Outbound proxy line (client sidecar): source = the pod that wrote it; destination = the pod
 *       behind the upstream host IP, else the upstream cluster's Service, else the address (an
 *       external peer, e.g. through {@code PassthroughCluster}).
 *   <li>Inbound proxy line (server sidecar): destination = the pod that wrote it; source = the pod
 *       behind the downstream remote address, else the peer's SPIFFE id (namespace, service
 *       account), else the address.
 * </ul>
 *
 * A proxy line that names no pod (no envelope, address unknown to the inventory) cannot be placed
 * on an edge: it goes to {@link #UNATTRIBUTED} as a dead letter instead of vanishing. So does a
 * flow without any time.
 *
 * <p>In STREAMING mode nothing orders the inventory before the evidence: evidence that arrives
 * before its pods resolves through the fallbacks. In BATCH mode ({@code analyze}) Flink reads the
 * broadcast side first.
 */
public final class EndpointResolver
        extends BroadcastProcessFunction<Evidence, PodRecord, EdgeEvidence> {
    private static final long serialVersionUID = 1L;

    /** Stable operator id, for savepoints. */
    public static final String UID = "endpoint-resolver";

    /** The inventory: IP to the pods that held it. */
    public static final MapStateDescriptor<String, List<PodRecord>> PODS_BY_IP =
            new MapStateDescriptor<>(
                    "pods-by-ip", BasicTypeInfo.STRING_TYPE_INFO, ModelTypes.POD_HISTORY);

    /** Evidence that cannot be placed on an edge. */
    public static final OutputTag<DeadLetter> UNATTRIBUTED =
            new OutputTag<>("unattributed", ModelTypes.DEAD_LETTER) {};

    static final String TCP = "tcp";

    @Override
    public void processBroadcastElement(PodRecord pod, Context ctx, Collector<EdgeEvidence> out)
            throws Exception {
        BroadcastState<String, List<PodRecord>> state = ctx.getBroadcastState(PODS_BY_IP);
        for (String ip : pod.ips()) {
            state.put(ip, IpHistory.with(state.get(ip), pod));
        }
    }

    @Override
    public void processElement(Evidence evidence, ReadOnlyContext ctx, Collector<EdgeEvidence> out)
            throws Exception {
        ReadOnlyBroadcastState<String, List<PodRecord>> state = ctx.getBroadcastState(PODS_BY_IP);
        PodLookup pods =
                (ip, at) -> {
                    try {
                        return IpHistory.holderAt(state.get(ip), ip, at);
                    } catch (Exception e) {
                        throw new IllegalStateException("cannot read the inventory state", e);
                    }
                };
        EdgeEvidence resolved =
                evidence instanceof KernelFlow
                        ? resolve((KernelFlow) evidence, pods)
                        : resolve((ProxyRequest) evidence, pods);
        if (resolved != null) {
            out.collect(resolved);
        } else {
            ctx.output(UNATTRIBUTED, unattributed(evidence));
        }
    }

    /** A kernel flow on its edge, or null when it has no time at all. */
    static EdgeEvidence resolve(KernelFlow flow, PodLookup pods) {
        Instant at = flow.start() != null ? flow.start() : flow.end();
        if (at == null) {
            return null;
        }
        EndpointRef source = Endpoints.fromFlow(flow.source(), at, pods);
        EndpointRef destination = Endpoints.fromFlow(flow.destination(), at, pods);
        int port = flow.destinationPort() == null ? 0 : flow.destinationPort();
        String protocol =
                flow.protocol() == null ? "unknown" : flow.protocol().toLowerCase(Locale.ROOT);
        return new EdgeEvidence(source, destination, port, protocol, at, flow, null, false);
    }

    /** A proxy request on its edge, or null when nothing says which pod logged it. */
    static EdgeEvidence resolve(ProxyRequest request, PodLookup pods) {
        Instant at = request.startTime();
        boolean inbound = isInbound(request);
        if (inbound) {
            EndpointRef self =
                    Endpoints.sidecarPod(request.pod(), request.downstreamLocalAddress(), at, pods);
            if (self == null) {
                return null;
            }
            EndpointRef peer = inboundPeer(request, at, pods);
            return new EdgeEvidence(
                    peer, self, inboundPort(request), TCP, at, null, request, false);
        }
        EndpointRef self =
                Endpoints.sidecarPod(request.pod(), request.downstreamRemoteAddress(), at, pods);
        if (self == null) {
            return null;
        }
        return new EdgeEvidence(
                self,
                outboundPeer(request, at, pods),
                outboundPort(request),
                TCP,
                at,
                null,
                request,
                true);
    }

    /**
     * Inbound when the cluster says so; for clusters that do not ({@code -}, custom names), when
     * the line's local address is the pod's own IP.
     */
    static boolean isInbound(ProxyRequest request) {
        ClusterKind kind = request.upstreamCluster().kind();
        if (kind.isInboundSide()) {
            return true;
        }
        if (kind.isOutboundSide()) {
            return false;
        }
        HostPort local = request.downstreamLocalAddress();
        return request.pod() != null
                && request.pod().podIp() != null
                && local != null
                && request.pod().podIp().equals(local.host());
    }

    private static EndpointRef inboundPeer(ProxyRequest request, Instant at, PodLookup pods) {
        HostPort remote = request.downstreamRemoteAddress();
        if (remote != null) {
            PodRecord pod = pods.podAt(remote.host(), at);
            if (pod != null) {
                return Endpoints.fromPod(pod);
            }
        }
        if (request.peerSpiffeId() != null) {
            EndpointRef peer = Endpoints.fromSpiffeId(request.peerSpiffeId());
            if (peer != null) {
                return peer;
            }
        }
        return remote != null
                ? EndpointRef.external(remote.host())
                : EndpointRef.external(Endpoints.UNKNOWN);
    }

    private static EndpointRef outboundPeer(ProxyRequest request, Instant at, PodLookup pods) {
        HostPort upstream = request.upstreamHost();
        if (upstream != null) {
            PodRecord pod = pods.podAt(upstream.host(), at);
            if (pod != null) {
                return Endpoints.fromPod(pod);
            }
        }
        String service = request.upstreamCluster().host();
        if (request.upstreamCluster().kind() == ClusterKind.OUTBOUND && service != null) {
            return Endpoints.fromServiceHost(service);
        }
        if (upstream != null) {
            return EndpointRef.external(upstream.host());
        }
        HostPort original = request.downstreamLocalAddress();
        if (original != null) {
            return Endpoints.fromAddress(original.host(), at, pods);
        }
        return EndpointRef.external(
                request.authority() != null ? request.authority() : Endpoints.UNKNOWN);
    }

    /**
     * The port the kernel saw arrive: the line's local address (where the app listens), else the
     * inbound cluster's port (older Istio names the Service port there, not the target port).
     */
    private static int inboundPort(ProxyRequest request) {
        HostPort local = request.downstreamLocalAddress();
        if (local != null && local.port() >= 0) {
            return local.port();
        }
        return request.upstreamCluster().port() != null ? request.upstreamCluster().port() : 0;
    }

    /**
     * The port the kernel saw: the upstream host's (the endpoint after load balancing), else the
     * cluster's Service port, else the address the app dialled.
     */
    private static int outboundPort(ProxyRequest request) {
        HostPort upstream = request.upstreamHost();
        if (upstream != null && upstream.port() >= 0) {
            return upstream.port();
        }
        if (request.upstreamCluster().port() != null) {
            return request.upstreamCluster().port();
        }
        HostPort original = request.downstreamLocalAddress();
        return original != null && original.port() >= 0 ? original.port() : 0;
    }

    private static DeadLetter unattributed(Evidence evidence) {
        String detail =
                evidence instanceof KernelFlow
                        ? "flow record has neither start_time nor end_time: it cannot be placed in a window"
                        : "proxy line names no pod (no envelope, and its address is not in the inventory):"
                                + " it cannot be placed on an edge";
        return new DeadLetter(
                "correlate/resolve",
                -1,
                DeadLetterReason.MISSING_FIELD,
                detail,
                CanonicalJson.toJsonLine(evidence).getBytes(StandardCharsets.UTF_8));
    }
}
