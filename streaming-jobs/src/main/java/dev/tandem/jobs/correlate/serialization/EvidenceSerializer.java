package dev.tandem.jobs.correlate.serialization;

import static dev.tandem.jobs.correlate.serialization.Wire.readEnum;
import static dev.tandem.jobs.correlate.serialization.Wire.readInstant;
import static dev.tandem.jobs.correlate.serialization.Wire.readNullableInstant;
import static dev.tandem.jobs.correlate.serialization.Wire.readNullableInt;
import static dev.tandem.jobs.correlate.serialization.Wire.readNullableLong;
import static dev.tandem.jobs.correlate.serialization.Wire.writeEnum;
import static dev.tandem.jobs.correlate.serialization.Wire.writeInstant;
import static dev.tandem.jobs.correlate.serialization.Wire.writeNullableInstant;
import static dev.tandem.jobs.correlate.serialization.Wire.writeNullableInt;
import static dev.tandem.jobs.correlate.serialization.Wire.writeNullableLong;

import dev.tandem.ingest.model.ClusterKind;
import dev.tandem.ingest.model.DestinationService;
import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowCounters;
import dev.tandem.ingest.model.FlowEndpoint;
import dev.tandem.ingest.model.FlowEndpointType;
import dev.tandem.ingest.model.FlowOrigin;
import dev.tandem.ingest.model.FlowPolicies;
import dev.tandem.ingest.model.FlowReporter;
import dev.tandem.ingest.model.HostPort;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.OwnerRef;
import dev.tandem.ingest.model.PodContext;
import dev.tandem.ingest.model.PolicyHit;
import dev.tandem.ingest.model.ProxyLogFormat;
import dev.tandem.ingest.model.ProxyRequest;
import dev.tandem.ingest.model.TcpStats;
import dev.tandem.ingest.model.UpstreamCluster;
import dev.tandem.jobs.correlate.EdgeEvidence;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes decoded {@link Evidence} (a {@link KernelFlow} or {@link ProxyRequest}) field by field. It
 * is the record that crosses the {@code keyBy} into the resolver, every line of the input: through
 * Kryo (reflection into records, class ids, a byte at a time) its writing and reading was a third
 * of the job's time beyond decoding. Records are immutable, so a copy is the record itself.
 *
 * <p><b>What crosses.</b> A record the resolver will place on an edge crosses with only what the
 * resolver, its key selector and the edge's window read ({@link #resolverFlow}, {@link
 * #resolverRequest}): the rest (a flow's Service, pending and transit policies, its endpoints'
 * ports, host, TCP statistics; a request's flags, byte counts, timings, user agent, request id,
 * local upstream address, route, the cluster's raw name, the envelope's container and node) was a
 * third of its bytes and strings, never read beyond this hop. A record the resolver may turn into a
 * dead letter crosses whole, since the dead letter carries it, and reads back equal: a flow without
 * any time, and a proxy line whose envelope does not name its pod and namespace (whether the
 * inventory knows its address is only known in the resolver). Which record crosses how must follow
 * {@code EndpointResolver.resolve}: the two tests that hold it there resolve every record of the
 * shared samples before and after crossing.
 *
 * <p>Nothing keeps this format in state (evidence waiting for its inventory is in Kryo list state,
 * which holds the records as they crossed), so it can change between builds; its snapshot only
 * names it.
 */
public final class EvidenceSerializer extends HandWrittenSerializer<Evidence> {
    private static final long serialVersionUID = 1L;

    /** A whole flow. */
    private static final int KERNEL = 1;

    /** A whole request. */
    private static final int PROXY = 2;

    /** What the resolver reads of a flow. */
    private static final int KERNEL_FOR_RESOLVER = 3;

    /** What the resolver reads of a request. */
    private static final int PROXY_FOR_RESOLVER = 4;

    // As the shared ones in HandWrittenSerializer: values() copies its array on every call.
    private static final FlowEndpointType[] ENDPOINT_TYPES = FlowEndpointType.values();
    private static final ClusterKind[] CLUSTER_KINDS = ClusterKind.values();

    @Override
    public void serialize(Evidence evidence, DataOutputView out) throws IOException {
        if (evidence instanceof KernelFlow flow) {
            boolean whole = !resolverFlow(flow);
            out.writeByte(whole ? KERNEL : KERNEL_FOR_RESOLVER);
            writeKernel(flow, whole, out);
        } else {
            ProxyRequest request = (ProxyRequest) evidence;
            boolean whole = !resolverRequest(request);
            out.writeByte(whole ? PROXY : PROXY_FOR_RESOLVER);
            writeProxy(request, whole, out);
        }
    }

    @Override
    public Evidence deserialize(DataInputView in) throws IOException {
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case KERNEL -> readKernel(true, in);
            case PROXY -> readProxy(true, in);
            case KERNEL_FOR_RESOLVER -> readKernel(false, in);
            case PROXY_FOR_RESOLVER -> readProxy(false, in);
            default -> throw new IOException("corrupt evidence tag " + tag);
        };
    }

    /**
     * Whether a flow crosses with only what the resolver reads: when it has a time, by which the
     * resolver always places it on an edge (a flow without one is a dead letter).
     */
    private static boolean resolverFlow(KernelFlow flow) {
        return flow.start() != null || flow.end() != null;
    }

    /**
     * Whether a request crosses with only what the resolver reads: when its envelope names its pod
     * and namespace, by which the resolver always places it on an edge (else it places it by the
     * inventory, and a line whose address the inventory does not know is a dead letter).
     */
    private static boolean resolverRequest(ProxyRequest request) {
        PodContext pod = request.pod();
        return pod != null && pod.namespace() != null && pod.pod() != null;
    }

    @Override
    public EvidenceSerializer duplicate() {
        return new EvidenceSerializer();
    }

    @Override
    public TypeSerializerSnapshot<Evidence> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: its snapshot only names it. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<Evidence> {
        public Snapshot() {
            super(EvidenceSerializer::new);
        }
    }

    private void writeKernel(KernelFlow flow, boolean whole, DataOutputView out)
            throws IOException {
        writeEnum(flow.origin(), out);
        writeNullableInstant(flow.start(), out);
        writeNullableInstant(flow.end(), out);
        writeFlowEndpoint(flow.source(), whole, out);
        writeFlowEndpoint(flow.destination(), whole, out);
        writeNullableInt(flow.destinationPort(), out);
        writeString(flow.protocol(), out);
        writeEnum(flow.action(), out);
        writeReporters(flow.reporters(), out);
        FlowPolicies policies = flow.policies();
        writePolicies(policies.all(), out);
        writePolicies(policies.enforced(), out);
        writeCounters(flow.counters(), out);
        writeStrings(flow.processNames(), out);
        if (!whole) {
            return;
        }
        DestinationService service = flow.destinationService();
        out.writeBoolean(service != null);
        if (service != null) {
            writeString(service.namespace(), out);
            writeString(service.name(), out);
            writeString(service.portName(), out);
            writeNullableInt(service.port(), out);
        }
        writePolicies(policies.pending(), out);
        writePolicies(policies.transit(), out);
        writeStrings(flow.originalSourceIps(), out);
        writeStrings(flow.destinationDomains(), out);
        writeString(flow.host(), out);
        writeTcpStats(flow.tcpStats(), out);
    }

    private KernelFlow readKernel(boolean whole, DataInputView in) throws IOException {
        FlowOrigin origin = readEnum(ORIGINS, in);
        Instant start = readNullableInstant(in);
        Instant end = readNullableInstant(in);
        FlowEndpoint source = readFlowEndpoint(whole, in);
        FlowEndpoint destination = readFlowEndpoint(whole, in);
        Integer destinationPort = readNullableInt(in);
        String protocol = readString(in);
        FlowAction action = readEnum(ACTIONS, in);
        List<FlowReporter> reporters = readReporters(in);
        List<PolicyHit> all = readPolicies(in);
        List<PolicyHit> enforced = readPolicies(in);
        FlowCounters counters = readCounters(in);
        List<String> processNames = readStrings(in);
        if (!whole) {
            return EdgeEvidence.trimmedFlowForResolver(
                    origin,
                    start,
                    end,
                    source,
                    destination,
                    destinationPort,
                    protocol,
                    action,
                    reporters,
                    all,
                    enforced,
                    counters,
                    processNames);
        }
        DestinationService service =
                in.readBoolean()
                        ? new DestinationService(
                                readString(in), readString(in), readString(in), readNullableInt(in))
                        : null;
        FlowPolicies policies = new FlowPolicies(all, enforced, readPolicies(in), readPolicies(in));
        return new KernelFlow(
                origin,
                start,
                end,
                source,
                destination,
                destinationPort,
                protocol,
                action,
                reporters,
                service,
                policies,
                counters,
                processNames,
                readStrings(in),
                readStrings(in),
                readString(in),
                readTcpStats(in));
    }

    private void writeFlowEndpoint(FlowEndpoint e, boolean whole, DataOutputView out)
            throws IOException {
        writeString(e.ip(), out);
        writeString(e.name(), out);
        writeString(e.nameAggregate(), out);
        writeString(e.namespace(), out);
        writeEnum(e.type(), out);
        writeLabels(e.labels(), out);
        if (whole) {
            writeNullableInt(e.port(), out);
        }
    }

    private FlowEndpoint readFlowEndpoint(boolean whole, DataInputView in) throws IOException {
        return new FlowEndpoint(
                readString(in),
                readString(in),
                readString(in),
                readString(in),
                readEnum(ENDPOINT_TYPES, in),
                readLabels(in),
                whole ? readNullableInt(in) : null);
    }

    private void writeTcpStats(TcpStats t, DataOutputView out) throws IOException {
        out.writeBoolean(t != null);
        if (t != null) {
            out.writeLong(t.meanSendCongestionWindow());
            out.writeLong(t.minSendCongestionWindow());
            out.writeLong(t.meanSmoothRtt());
            out.writeLong(t.maxSmoothRtt());
            out.writeLong(t.meanMinRtt());
            out.writeLong(t.maxMinRtt());
            out.writeLong(t.meanMss());
            out.writeLong(t.minMss());
            out.writeLong(t.totalRetransmissions());
            out.writeLong(t.lostPackets());
            out.writeLong(t.unrecoveredTimeouts());
        }
    }

    private TcpStats readTcpStats(DataInputView in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return new TcpStats(
                in.readLong(),
                in.readLong(),
                in.readLong(),
                in.readLong(),
                in.readLong(),
                in.readLong(),
                in.readLong(),
                in.readLong(),
                in.readLong(),
                in.readLong(),
                in.readLong());
    }

    private void writeProxy(ProxyRequest r, boolean whole, DataOutputView out) throws IOException {
        writeInstant(r.startTime(), out);
        writeString(r.method(), out);
        writeString(r.path(), out);
        writeString(r.protocol(), out);
        out.writeInt(r.responseCode());
        writeString(r.authority(), out);
        writeHostPort(r.upstreamHost(), out);
        UpstreamCluster cluster = r.upstreamCluster();
        writeEnum(cluster.kind(), out);
        writeNullableInt(cluster.port(), out);
        writeString(cluster.host(), out);
        writeHostPort(r.downstreamLocalAddress(), out);
        writeHostPort(r.downstreamRemoteAddress(), out);
        writeString(r.requestedServerName(), out);
        writeString(r.peerSpiffeId(), out);
        writeEnum(r.format(), out);
        PodContext pod = r.pod();
        out.writeBoolean(pod != null);
        if (pod != null) {
            writeString(pod.namespace(), out);
            writeString(pod.pod(), out);
            writeLabels(pod.labels(), out);
            writeString(pod.podIp(), out);
            OwnerRef owner = pod.owner();
            out.writeBoolean(owner != null);
            if (owner != null) {
                writeString(owner.kind(), out);
                writeString(owner.name(), out);
            }
        }
        if (!whole) {
            return;
        }
        writeString(r.responseFlags(), out);
        writeString(r.responseCodeDetails(), out);
        writeString(r.connectionTerminationDetails(), out);
        writeString(r.upstreamTransportFailureReason(), out);
        out.writeLong(r.bytesReceived());
        out.writeLong(r.bytesSent());
        writeNullableLong(r.durationMillis(), out);
        writeNullableLong(r.upstreamServiceTimeMillis(), out);
        writeString(r.forwardedFor(), out);
        writeString(r.userAgent(), out);
        writeString(r.requestId(), out);
        writeString(cluster.raw(), out);
        writeString(cluster.subset(), out);
        writeHostPort(r.upstreamLocalAddress(), out);
        writeString(r.routeName(), out);
        if (pod != null) {
            writeString(pod.container(), out);
            writeString(pod.node(), out);
        }
    }

    private ProxyRequest readProxy(boolean whole, DataInputView in) throws IOException {
        Instant startTime = readInstant(in);
        String method = readString(in);
        String path = readString(in);
        String protocol = readString(in);
        int responseCode = in.readInt();
        String authority = readString(in);
        HostPort upstreamHost = readHostPort(in);
        ClusterKind clusterKind = readEnum(CLUSTER_KINDS, in);
        Integer clusterPort = readNullableInt(in);
        String clusterHost = readString(in);
        HostPort downstreamLocal = readHostPort(in);
        HostPort downstreamRemote = readHostPort(in);
        String serverName = readString(in);
        String peerSpiffeId = readString(in);
        ProxyLogFormat format = readEnum(FORMATS, in);
        if (format == null) {
            throw new IOException("corrupt request: no format");
        }
        boolean hasPod = in.readBoolean();
        String podNamespace = null;
        String podName = null;
        Labels podLabels = null;
        String podIp = null;
        OwnerRef owner = null;
        if (hasPod) {
            podNamespace = readString(in);
            podName = readString(in);
            podLabels = readLabels(in);
            podIp = readString(in);
            owner = in.readBoolean() ? new OwnerRef(readString(in), readString(in)) : null;
        }
        if (!whole) {
            return EdgeEvidence.trimmedRequestForResolver(
                    startTime,
                    method,
                    path,
                    protocol,
                    responseCode,
                    authority,
                    serverName,
                    peerSpiffeId,
                    format,
                    upstreamHost,
                    new UpstreamCluster(clusterKind, null, clusterPort, null, clusterHost),
                    downstreamLocal,
                    downstreamRemote,
                    hasPod
                            ? new PodContext(
                                    podNamespace, podName, podLabels, null, podIp, null, owner)
                            : null);
        }
        String responseFlags = readString(in);
        String responseCodeDetails = readString(in);
        String terminationDetails = readString(in);
        String transportFailure = readString(in);
        long bytesReceived = in.readLong();
        long bytesSent = in.readLong();
        Long duration = readNullableLong(in);
        Long upstreamServiceTime = readNullableLong(in);
        String forwardedFor = readString(in);
        String userAgent = readString(in);
        String requestId = readString(in);
        String clusterRaw = readString(in);
        String clusterSubset = readString(in);
        HostPort upstreamLocal = readHostPort(in);
        String routeName = readString(in);
        PodContext pod =
                hasPod
                        ? new PodContext(
                                podNamespace,
                                podName,
                                podLabels,
                                readString(in),
                                podIp,
                                readString(in),
                                owner)
                        : null;
        return new ProxyRequest(
                startTime,
                method,
                path,
                protocol,
                responseCode,
                responseFlags,
                responseCodeDetails,
                terminationDetails,
                transportFailure,
                bytesReceived,
                bytesSent,
                duration,
                upstreamServiceTime,
                forwardedFor,
                userAgent,
                requestId,
                authority,
                upstreamHost,
                new UpstreamCluster(
                        clusterKind, clusterRaw, clusterPort, clusterSubset, clusterHost),
                upstreamLocal,
                downstreamLocal,
                downstreamRemote,
                serverName,
                routeName,
                peerSpiffeId,
                format,
                pod);
    }

    private void writeHostPort(HostPort address, DataOutputView out) throws IOException {
        out.writeBoolean(address != null);
        if (address != null) {
            writeString(address.host(), out);
            out.writeInt(address.port());
        }
    }

    private HostPort readHostPort(DataInputView in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        String host = readString(in);
        if (host == null) {
            throw new IOException("corrupt address: no host");
        }
        return new HostPort(host, in.readInt());
    }
}
