package dev.tandem.jobs.correlate.serialization;

import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowCounters;
import dev.tandem.ingest.model.FlowEndpoint;
import dev.tandem.ingest.model.FlowOrigin;
import dev.tandem.ingest.model.FlowPolicies;
import dev.tandem.ingest.model.FlowReporter;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.PolicyHit;
import dev.tandem.ingest.model.ProxyLogFormat;
import dev.tandem.ingest.model.ProxyRequest;
import dev.tandem.jobs.correlate.EdgeEvidence;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Writes {@link EdgeEvidence} field by field, straight to Flink's buffers. It is the record that
 * crosses the {@code keyBy(edge)}, and Kryo reads strings from Flink's input a byte at a time: with
 * Kryo, reading it back was half of the window builder's time. Only the fields a trimmed {@code
 * EdgeEvidence} keeps are written (see its javadoc); the rest reads back as it was trimmed. Records
 * are immutable, so a copy is the record itself.
 */
public final class EdgeEvidenceSerializer extends TypeSerializerSingleton<EdgeEvidence> {
    private static final long serialVersionUID = 1L;

    public static final EdgeEvidenceSerializer INSTANCE = new EdgeEvidenceSerializer();

    private static final FlowEndpoint RESOLVED =
            new FlowEndpoint(null, null, null, null, null, Labels.empty(), null);

    /** Bounds what a corrupt stream can make us allocate. */
    private static final int MAX_LIST = 1 << 16;

    @Override
    public boolean isImmutableType() {
        return true;
    }

    @Override
    public EdgeEvidence createInstance() {
        return null;
    }

    @Override
    public EdgeEvidence copy(EdgeEvidence from) {
        return from;
    }

    @Override
    public EdgeEvidence copy(EdgeEvidence from, EdgeEvidence reuse) {
        return from;
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(EdgeEvidence e, DataOutputView out) throws IOException {
        writeEndpoint(e.source(), out);
        writeEndpoint(e.destination(), out);
        out.writeInt(e.port());
        StringValue.writeString(e.protocol(), out);
        writeInstant(e.eventTime(), out);
        out.writeBoolean(e.outbound());
        if (e.kernel() != null) {
            out.writeBoolean(true);
            writeKernel(e.kernel(), out);
        } else {
            out.writeBoolean(false);
            writeProxy(e.proxy(), out);
        }
    }

    @Override
    public EdgeEvidence deserialize(DataInputView in) throws IOException {
        EndpointRef source = readEndpoint(in);
        EndpointRef destination = readEndpoint(in);
        int port = in.readInt();
        String protocol = StringValue.readString(in);
        Instant eventTime = readInstant(in);
        boolean outbound = in.readBoolean();
        boolean kernel = in.readBoolean();
        return new EdgeEvidence(
                source,
                destination,
                port,
                protocol,
                eventTime,
                kernel ? readKernel(in) : null,
                kernel ? null : readProxy(in),
                outbound);
    }

    @Override
    public EdgeEvidence deserialize(EdgeEvidence reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<EdgeEvidence> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: its snapshot only names it. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<EdgeEvidence> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }

    private static void writeEndpoint(EndpointRef ref, DataOutputView out) throws IOException {
        StringValue.writeString(ref.namespace(), out);
        StringValue.writeString(ref.workload(), out);
        writeEnum(ref.kind(), out);
        Map<String, String> labels = ref.labels().asMap();
        out.writeInt(labels.size());
        for (Map.Entry<String, String> label : labels.entrySet()) {
            StringValue.writeString(label.getKey(), out);
            StringValue.writeString(label.getValue(), out);
        }
        out.writeBoolean(ref.meshed());
        StringValue.writeString(ref.serviceAccount(), out);
    }

    private static EndpointRef readEndpoint(DataInputView in) throws IOException {
        String namespace = StringValue.readString(in);
        String workload = StringValue.readString(in);
        EndpointKind kind = readEnum(EndpointKind.values(), in);
        int size = readSize(in);
        Labels labels;
        if (size == 0) {
            labels = Labels.empty();
        } else {
            TreeMap<String, String> map = new TreeMap<>();
            for (int i = 0; i < size; i++) {
                map.put(StringValue.readString(in), StringValue.readString(in));
            }
            labels = Labels.of(map);
        }
        boolean meshed = in.readBoolean();
        return new EndpointRef(
                namespace, workload, kind, labels, meshed, StringValue.readString(in));
    }

    private static void writeKernel(KernelFlow flow, DataOutputView out) throws IOException {
        writeEnum(flow.origin(), out);
        writeEnum(flow.action(), out);
        out.writeInt(flow.reporters().size());
        for (FlowReporter reporter : flow.reporters()) {
            writeEnum(reporter, out);
        }
        writePolicies(flow.policies().all(), out);
        writePolicies(flow.policies().enforced(), out);
        FlowCounters c = flow.counters();
        out.writeBoolean(c != null);
        if (c != null) {
            out.writeLong(c.bytesIn());
            out.writeLong(c.bytesOut());
            out.writeLong(c.packetsIn());
            out.writeLong(c.packetsOut());
            out.writeLong(c.numFlows());
            out.writeLong(c.numFlowsStarted());
            out.writeLong(c.numFlowsCompleted());
            out.writeLong(c.httpRequestsAllowedIn());
            out.writeLong(c.httpRequestsDeniedIn());
        }
        out.writeInt(flow.processNames().size());
        for (String process : flow.processNames()) {
            StringValue.writeString(process, out);
        }
    }

    private static KernelFlow readKernel(DataInputView in) throws IOException {
        FlowOrigin origin = readEnum(FlowOrigin.values(), in);
        FlowAction action = readEnum(FlowAction.values(), in);
        int reporterCount = readSize(in);
        List<FlowReporter> reporters = new ArrayList<>(reporterCount);
        for (int i = 0; i < reporterCount; i++) {
            reporters.add(readEnum(FlowReporter.values(), in));
        }
        List<PolicyHit> all = readPolicies(in);
        List<PolicyHit> enforced = readPolicies(in);
        FlowCounters counters =
                in.readBoolean()
                        ? new FlowCounters(
                                in.readLong(),
                                in.readLong(),
                                in.readLong(),
                                in.readLong(),
                                in.readLong(),
                                in.readLong(),
                                in.readLong(),
                                in.readLong(),
                                in.readLong())
                        : null;
        int processCount = readSize(in);
        List<String> processes = new ArrayList<>(processCount);
        for (int i = 0; i < processCount; i++) {
            processes.add(StringValue.readString(in));
        }
        return new KernelFlow(
                origin,
                null,
                null,
                RESOLVED,
                RESOLVED,
                null,
                null,
                action,
                reporters,
                null,
                new FlowPolicies(all, enforced, null, null),
                counters,
                processes,
                null,
                null,
                null,
                null);
    }

    private static void writePolicies(List<PolicyHit> hits, DataOutputView out) throws IOException {
        out.writeInt(hits.size());
        for (PolicyHit hit : hits) {
            out.writeInt(hit.index());
            StringValue.writeString(hit.tier(), out);
            StringValue.writeString(hit.name(), out);
            StringValue.writeString(hit.action(), out);
            out.writeBoolean(hit.rule() != null);
            if (hit.rule() != null) {
                out.writeInt(hit.rule());
            }
            out.writeBoolean(hit.staged());
        }
    }

    private static List<PolicyHit> readPolicies(DataInputView in) throws IOException {
        int size = readSize(in);
        List<PolicyHit> hits = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int index = in.readInt();
            String tier = StringValue.readString(in);
            String name = StringValue.readString(in);
            String action = StringValue.readString(in);
            Integer rule = in.readBoolean() ? in.readInt() : null;
            hits.add(new PolicyHit(index, tier, name, action, rule, in.readBoolean()));
        }
        return hits;
    }

    private static void writeProxy(ProxyRequest r, DataOutputView out) throws IOException {
        writeInstant(r.startTime(), out);
        StringValue.writeString(r.method(), out);
        StringValue.writeString(r.path(), out);
        StringValue.writeString(r.protocol(), out);
        out.writeInt(r.responseCode());
        StringValue.writeString(r.authority(), out);
        StringValue.writeString(r.requestedServerName(), out);
        StringValue.writeString(r.peerSpiffeId(), out);
        writeEnum(r.format(), out);
    }

    private static ProxyRequest readProxy(DataInputView in) throws IOException {
        Instant start = readInstant(in);
        String method = StringValue.readString(in);
        String path = StringValue.readString(in);
        String protocol = StringValue.readString(in);
        int responseCode = in.readInt();
        String authority = StringValue.readString(in);
        String serverName = StringValue.readString(in);
        String peer = StringValue.readString(in);
        ProxyLogFormat format = readEnum(ProxyLogFormat.values(), in);
        return new ProxyRequest(
                start,
                method,
                path,
                protocol,
                responseCode,
                null,
                null,
                null,
                null,
                0,
                0,
                null,
                null,
                null,
                null,
                null,
                authority,
                null,
                null,
                null,
                null,
                null,
                serverName,
                null,
                peer,
                format,
                null);
    }

    private static void writeInstant(Instant at, DataOutputView out) throws IOException {
        out.writeLong(at.getEpochSecond());
        out.writeInt(at.getNano());
    }

    private static Instant readInstant(DataInputView in) throws IOException {
        long seconds = in.readLong();
        return Instant.ofEpochSecond(seconds, in.readInt());
    }

    /** An enum as its ordinal plus one; zero is null. */
    private static void writeEnum(Enum<?> value, DataOutputView out) throws IOException {
        out.writeByte(value == null ? 0 : value.ordinal() + 1);
    }

    private static <E extends Enum<E>> E readEnum(E[] values, DataInputView in) throws IOException {
        int code = in.readUnsignedByte();
        if (code > values.length) {
            throw new IOException("no constant " + (code - 1) + " in " + values[0].getClass());
        }
        return code == 0 ? null : values[code - 1];
    }

    private static int readSize(DataInputView in) throws IOException {
        int size = in.readInt();
        if (size < 0 || size > MAX_LIST) {
            throw new IOException("corrupt length " + size);
        }
        return size;
    }
}
