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
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
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
 * <p><b>Evidence before its inventory.</b> In STREAMING mode nothing orders the inventory before
 * the evidence: a new pod's traffic can arrive before the watcher's record of it, and at start the
 * inventory topic is read alongside the logs. Evidence that carries an address the inventory does
 * not know is therefore held back (keyed state and an event-time timer) until the watermark passes
 * its time plus the slack, then resolved with the inventory as it is by then. That costs no verdict
 * any time: a window is judged only when the watermark passes its end plus the slack, later than
 * any of its evidence is released, and timers fire before the watermark moves on, so released
 * evidence is never late. Addresses that no inventory will ever know (external peers) wait too; at
 * most {@link #MAX_PENDING} records wait per subtask, beyond that evidence resolves at once. In
 * BATCH mode ({@code analyze}) Flink reads the broadcast side first.
 *
 * <p>The resolver is keyed ({@link ResolverKeySelector}) only so that waiting evidence can use
 * keyed state and timers.
 */
public final class EndpointResolver
        extends KeyedBroadcastProcessFunction<Integer, Evidence, PodRecord, EdgeEvidence>
        implements CheckpointedFunction {
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

    /** Evidence waiting for the inventory, per subtask; beyond it evidence resolves at once. */
    static final long MAX_PENDING = 100_000;

    static final String TCP = "tcp";

    private final long waitMillis;
    private transient MapState<Long, List<Evidence>> pending;
    private transient HeldCount pendingCount;
    private transient long inventoryIps;
    private transient long inventoryEntries;
    private transient Counter podsIn;
    private transient DeadLetterCounters deadLetters;

    /**
     * @param settings the slack is how long (in event time) evidence waits for its inventory
     */
    public EndpointResolver(CorrelateSettings settings) {
        this.waitMillis = settings.slack().toMillis();
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        pendingCount = HeldCount.restore(context, "pending-evidence-count");
        // The broadcast state is replicated and small: count it once, then keep the count.
        for (Map.Entry<String, List<PodRecord>> entry :
                context.getOperatorStateStore().getBroadcastState(PODS_BY_IP).entries()) {
            inventoryIps++;
            inventoryEntries += entry.getValue().size();
        }
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        pendingCount.snapshot();
    }

    @Override
    public void open(OpenContext openContext) {
        pending =
                getRuntimeContext()
                        .getMapState(
                                new MapStateDescriptor<>(
                                        "pending-evidence",
                                        BasicTypeInfo.LONG_TYPE_INFO,
                                        ModelTypes.EVIDENCE_LIST));
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        podsIn = TandemMetrics.recordsIn(metrics, "inventory");
        deadLetters = DeadLetterCounters.register(metrics);
        MetricGroup tandem = TandemMetrics.group(metrics);
        tandem.gauge(TandemMetrics.INVENTORY_IPS, (Gauge<Long>) () -> inventoryIps);
        tandem.gauge(TandemMetrics.INVENTORY_ENTRIES, (Gauge<Long>) () -> inventoryEntries);
        tandem.gauge(TandemMetrics.PENDING_EVIDENCE, (Gauge<Long>) pendingCount::value);
    }

    /** Whether evidence waits in this subtask ({@link ResolverOperator} stays active then). */
    boolean holdsEvidence() {
        return pendingCount.value() > 0;
    }

    @Override
    public void processBroadcastElement(PodRecord pod, Context ctx, Collector<EdgeEvidence> out)
            throws Exception {
        podsIn.inc();
        BroadcastState<String, List<PodRecord>> state = ctx.getBroadcastState(PODS_BY_IP);
        for (String ip : pod.ips()) {
            List<PodRecord> before = state.get(ip);
            List<PodRecord> after = IpHistory.with(before, pod);
            state.put(ip, after);
            inventoryIps += before == null ? 1 : 0;
            inventoryEntries += after.size() - (before == null ? 0 : before.size());
        }
    }

    @Override
    public void processElement(Evidence evidence, ReadOnlyContext ctx, Collector<EdgeEvidence> out)
            throws Exception {
        MissCountingLookup pods = new MissCountingLookup(ctx.getBroadcastState(PODS_BY_IP));
        EdgeEvidence resolved = resolve(evidence, pods);
        Long at = ctx.timestamp();
        if (pods.misses() > 0
                && at != null
                && at != Long.MIN_VALUE
                && pendingCount.value() < MAX_PENDING) {
            long releaseAt = at + waitMillis;
            if (releaseAt > ctx.timerService().currentWatermark()) {
                List<Evidence> waiting = pending.get(releaseAt);
                List<Evidence> next = waiting == null ? new ArrayList<>() : waiting;
                next.add(evidence);
                pending.put(releaseAt, next);
                pendingCount.add(1);
                ctx.timerService().registerEventTimeTimer(releaseAt);
                return;
            }
        }
        emit(evidence, resolved, pods, ctx, out);
    }

    /** Resolves the evidence that waited until now, with the inventory as it is by now. */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<EdgeEvidence> out)
            throws Exception {
        List<Evidence> waiting = pending.get(timestamp);
        if (waiting == null) {
            return;
        }
        pending.remove(timestamp);
        pendingCount.add(-waiting.size());
        PodLookup pods = new MissCountingLookup(ctx.getBroadcastState(PODS_BY_IP));
        for (Evidence evidence : waiting) {
            emit(evidence, resolve(evidence, pods), pods, ctx, out);
        }
    }

    private void emit(
            Evidence evidence,
            EdgeEvidence resolved,
            PodLookup pods,
            ReadOnlyContext ctx,
            Collector<EdgeEvidence> out) {
        if (resolved != null) {
            out.collect(resolved);
            EdgeEvidence gatewaySide = gatewayInbound(evidence, resolved, pods);
            if (gatewaySide != null) {
                out.collect(gatewaySide);
            }
        } else {
            ctx.output(UNATTRIBUTED, deadLetters.count(unattributed(evidence)));
        }
    }

    static EdgeEvidence resolve(Evidence evidence, PodLookup pods) {
        return evidence instanceof KernelFlow
                ? resolve((KernelFlow) evidence, pods)
                : resolve((ProxyRequest) evidence, pods);
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
     * The inbound side of a standalone gateway's line, or null. A gateway (e.g. {@code
     * istio-ingressgateway}) is its own Envoy, not a sidecar: it logs each client request once, as
     * an outbound line whose downstream remote address is the client and whose local address is the
     * gateway's listener. That one line is also the evidence that the client's connection into the
     * gateway was mediated, so it is emitted a second time on the client-to-gateway edge.
     */
    static EdgeEvidence gatewayInbound(Evidence evidence, EdgeEvidence resolved, PodLookup pods) {
        if (!(evidence instanceof ProxyRequest)
                || !resolved.outbound()
                || !isStandaloneGateway(resolved.source())) {
            return null;
        }
        ProxyRequest request = (ProxyRequest) evidence;
        HostPort listener = request.downstreamLocalAddress();
        if (listener == null || listener.port() < 0 || request.downstreamRemoteAddress() == null) {
            return null;
        }
        Instant at = request.startTime();
        return new EdgeEvidence(
                inboundPeer(request, at, pods),
                resolved.source(),
                listener.port(),
                TCP,
                at,
                null,
                request,
                false);
    }

    /**
     * A standalone Istio gateway: label {@code istio} ending in {@code gateway} (the default {@code
     * ingressgateway}, {@code egressgateway}), or a Gateway API deployment.
     */
    static boolean isStandaloneGateway(EndpointRef endpoint) {
        String istio = endpoint.labels().get("istio");
        return (istio != null && istio.endsWith("gateway"))
                || endpoint.labels().get("gateway.networking.k8s.io/gateway-name") != null;
    }

    /**
     * A gateway that takes clients from outside the mesh: {@code istio} ending in {@code
     * ingressgateway}, or a Gateway API deployment. An egress gateway's clients are sidecars, which
     * should use mTLS.
     */
    static boolean isIngressGateway(EndpointRef endpoint) {
        String istio = endpoint.labels().get("istio");
        return (istio != null && istio.endsWith("ingressgateway"))
                || endpoint.labels().get("gateway.networking.k8s.io/gateway-name") != null;
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

    /**
     * Evidence that cannot be placed. {@link DeadLetterReason} has no reason for "read fine, but
     * cannot be attributed", so it is {@code MISSING_FIELD} (the field that would place it is
     * absent) with a detail that says which.
     */
    static DeadLetter unattributed(Evidence evidence) {
        String detail;
        if (evidence instanceof KernelFlow) {
            detail =
                    "flow record has neither start_time nor end_time: it cannot be placed in a"
                            + " window";
        } else {
            ProxyRequest request = (ProxyRequest) evidence;
            HostPort own =
                    isInbound(request)
                            ? request.downstreamLocalAddress()
                            : request.downstreamRemoteAddress();
            detail =
                    "unattributed proxy line: no envelope names its pod (no pod/namespace from"
                            + " Fluent Bit or CRI) and the inventory has no pod at its address "
                            + (own == null ? "(none in the line)" : own.host())
                            + " at "
                            + request.startTime();
        }
        return new DeadLetter(
                "correlate/resolve",
                -1,
                DeadLetterReason.MISSING_FIELD,
                detail,
                CanonicalJson.toJsonLine(evidence).getBytes(StandardCharsets.UTF_8));
    }
}
