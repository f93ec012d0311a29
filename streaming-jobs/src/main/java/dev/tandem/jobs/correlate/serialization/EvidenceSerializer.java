package dev.tandem.jobs.correlate.serialization;

import static dev.tandem.jobs.correlate.serialization.Wire.readEnum;
import static dev.tandem.jobs.correlate.serialization.Wire.readInstant;
import static dev.tandem.jobs.correlate.serialization.Wire.readNullableInstant;
import static dev.tandem.jobs.correlate.serialization.Wire.readNullableInt;
import static dev.tandem.jobs.correlate.serialization.Wire.readNullableLong;
import static dev.tandem.jobs.correlate.serialization.Wire.readSize;
import static dev.tandem.jobs.correlate.serialization.Wire.writeEnum;
import static dev.tandem.jobs.correlate.serialization.Wire.writeInstant;
import static dev.tandem.jobs.correlate.serialization.Wire.writeNullableInstant;
import static dev.tandem.jobs.correlate.serialization.Wire.writeNullableInt;
import static dev.tandem.jobs.correlate.serialization.Wire.writeNullableLong;
import static dev.tandem.jobs.correlate.serialization.Wire.writeVarint;

import dev.tandem.ingest.model.ClusterKind;
import dev.tandem.ingest.model.DestinationService;
import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowEndpoint;
import dev.tandem.ingest.model.FlowEndpointType;
import dev.tandem.ingest.model.FlowOrigin;
import dev.tandem.ingest.model.FlowPolicies;
import dev.tandem.ingest.model.FlowReporter;
import dev.tandem.ingest.model.HostPort;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.OwnerRef;
import dev.tandem.ingest.model.PodContext;
import dev.tandem.ingest.model.ProxyLogFormat;
import dev.tandem.ingest.model.ProxyRequest;
import dev.tandem.ingest.model.TcpStats;
import dev.tandem.ingest.model.UpstreamCluster;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes decoded {@link Evidence} (a whole {@link KernelFlow} or {@link ProxyRequest}) field by
 * field. It is the record that crosses the {@code keyBy} into the resolver, every line of the
 * input: through Kryo (reflection into records, class ids, a byte at a time) its writing and
 * reading was a third of the job's time beyond decoding. Every field is kept, so a record reads
 * back equal to the one written (the resolver's dead letters carry it whole). Records are
 * immutable, so a copy is the record itself.
 *
 * <p>Nothing keeps this format in state (evidence waiting for its inventory is in Kryo list state),
 * so it can change between builds; its snapshot only names it.
 */
public final class EvidenceSerializer extends HandWrittenSerializer<Evidence> {
    private static final long serialVersionUID = 1L;

    private static final int KERNEL = 1;
    private static final int PROXY = 2;

    @Override
    public void serialize(Evidence evidence, DataOutputView out) throws IOException {
        if (evidence instanceof KernelFlow flow) {
            out.writeByte(KERNEL);
            writeKernel(flow, out);
        } else {
            out.writeByte(PROXY);
            writeProxy((ProxyRequest) evidence, out);
        }
    }

    @Override
    public Evidence deserialize(DataInputView in) throws IOException {
        int tag = in.readUnsignedByte();
        return switch (tag) {
            case KERNEL -> readKernel(in);
            case PROXY -> readProxy(in);
            default -> throw new IOException("corrupt evidence tag " + tag);
        };
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

    private void writeKernel(KernelFlow flow, DataOutputView out) throws IOException {
        writeEnum(flow.origin(), out);
        writeNullableInstant(flow.start(), out);
        writeNullableInstant(flow.end(), out);
        writeFlowEndpoint(flow.source(), out);
        writeFlowEndpoint(flow.destination(), out);
        writeNullableInt(flow.destinationPort(), out);
        writeString(flow.protocol(), out);
        writeEnum(flow.action(), out);
        writeVarint(flow.reporters().size(), out);
        for (FlowReporter reporter : flow.reporters()) {
            writeEnum(reporter, out);
        }
        DestinationService service = flow.destinationService();
        out.writeBoolean(service != null);
        if (service != null) {
            writeString(service.namespace(), out);
            writeString(service.name(), out);
            writeString(service.portName(), out);
            writeNullableInt(service.port(), out);
        }
        FlowPolicies policies = flow.policies();
        writePolicies(policies.all(), out);
        writePolicies(policies.enforced(), out);
        writePolicies(policies.pending(), out);
        writePolicies(policies.transit(), out);
        writeCounters(flow.counters(), out);
        writeStrings(flow.processNames(), out);
        writeStrings(flow.originalSourceIps(), out);
        writeStrings(flow.destinationDomains(), out);
        writeString(flow.host(), out);
        writeTcpStats(flow.tcpStats(), out);
    }

    private KernelFlow readKernel(DataInputView in) throws IOException {
        FlowOrigin origin = readEnum(FlowOrigin.values(), in);
        Instant start = readNullableInstant(in);
        Instant end = readNullableInstant(in);
        FlowEndpoint source = readFlowEndpoint(in);
        FlowEndpoint destination = readFlowEndpoint(in);
        Integer destinationPort = readNullableInt(in);
        String protocol = readString(in);
        FlowAction action = readEnum(FlowAction.values(), in);
        int reporterCount = readSize(in);
        List<FlowReporter> reporters = new ArrayList<>(reporterCount);
        for (int i = 0; i < reporterCount; i++) {
            reporters.add(readEnum(FlowReporter.values(), in));
        }
        DestinationService service =
                in.readBoolean()
                        ? new DestinationService(
                                readString(in), readString(in), readString(in), readNullableInt(in))
                        : null;
        FlowPolicies policies =
                new FlowPolicies(
                        readPolicies(in), readPolicies(in), readPolicies(in), readPolicies(in));
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
                readCounters(in),
                readStrings(in),
                readStrings(in),
                readStrings(in),
                readString(in),
                readTcpStats(in));
    }

    private void writeFlowEndpoint(FlowEndpoint e, DataOutputView out) throws IOException {
        writeString(e.ip(), out);
        writeString(e.name(), out);
        writeString(e.nameAggregate(), out);
        writeString(e.namespace(), out);
        writeEnum(e.type(), out);
        writeLabels(e.labels(), out);
        writeNullableInt(e.port(), out);
    }

    private FlowEndpoint readFlowEndpoint(DataInputView in) throws IOException {
        return new FlowEndpoint(
                readString(in),
                readString(in),
                readString(in),
                readString(in),
                readEnum(FlowEndpointType.values(), in),
                readLabels(in),
                readNullableInt(in));
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

    private void writeProxy(ProxyRequest r, DataOutputView out) throws IOException {
        writeInstant(r.startTime(), out);
        writeString(r.method(), out);
        writeString(r.path(), out);
        writeString(r.protocol(), out);
        out.writeInt(r.responseCode());
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
        writeString(r.authority(), out);
        writeHostPort(r.upstreamHost(), out);
        UpstreamCluster cluster = r.upstreamCluster();
        writeEnum(cluster.kind(), out);
        writeString(cluster.raw(), out);
        writeNullableInt(cluster.port(), out);
        writeString(cluster.subset(), out);
        writeString(cluster.host(), out);
        writeHostPort(r.upstreamLocalAddress(), out);
        writeHostPort(r.downstreamLocalAddress(), out);
        writeHostPort(r.downstreamRemoteAddress(), out);
        writeString(r.requestedServerName(), out);
        writeString(r.routeName(), out);
        writeString(r.peerSpiffeId(), out);
        writeEnum(r.format(), out);
        writePod(r.pod(), out);
    }

    private ProxyRequest readProxy(DataInputView in) throws IOException {
        return new ProxyRequest(
                readInstant(in),
                readString(in),
                readString(in),
                readString(in),
                in.readInt(),
                readString(in),
                readString(in),
                readString(in),
                readString(in),
                in.readLong(),
                in.readLong(),
                readNullableLong(in),
                readNullableLong(in),
                readString(in),
                readString(in),
                readString(in),
                readString(in),
                readHostPort(in),
                new UpstreamCluster(
                        readEnum(ClusterKind.values(), in),
                        readString(in),
                        readNullableInt(in),
                        readString(in),
                        readString(in)),
                readHostPort(in),
                readHostPort(in),
                readHostPort(in),
                readString(in),
                readString(in),
                readString(in),
                readEnum(ProxyLogFormat.values(), in),
                readPod(in));
    }

    private void writeHostPort(HostPort address, DataOutputView out) throws IOException {
        out.writeBoolean(address != null);
        if (address != null) {
            writeString(address.host(), out);
            out.writeInt(address.port());
        }
    }

    private HostPort readHostPort(DataInputView in) throws IOException {
        return in.readBoolean() ? new HostPort(readString(in), in.readInt()) : null;
    }

    private void writePod(PodContext pod, DataOutputView out) throws IOException {
        out.writeBoolean(pod != null);
        if (pod == null) {
            return;
        }
        writeString(pod.namespace(), out);
        writeString(pod.pod(), out);
        writeLabels(pod.labels(), out);
        writeString(pod.container(), out);
        writeString(pod.podIp(), out);
        writeString(pod.node(), out);
        OwnerRef owner = pod.owner();
        out.writeBoolean(owner != null);
        if (owner != null) {
            writeString(owner.kind(), out);
            writeString(owner.name(), out);
        }
    }

    private PodContext readPod(DataInputView in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return new PodContext(
                readString(in),
                readString(in),
                readLabels(in),
                readString(in),
                readString(in),
                readString(in),
                in.readBoolean() ? new OwnerRef(readString(in), readString(in)) : null);
    }
}
