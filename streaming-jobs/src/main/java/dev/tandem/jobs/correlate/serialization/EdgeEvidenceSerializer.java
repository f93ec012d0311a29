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
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Writes {@link EdgeEvidence} field by field, straight to Flink's buffers. It is the record that
 * crosses the {@code keyBy(edge)}, and Kryo reads strings from Flink's input a byte at a time: with
 * Kryo, reading it back was half of the window builder's time. Only the fields a trimmed {@code
 * EdgeEvidence} keeps are written (see its javadoc); the rest reads back as it was trimmed. Strings
 * move as UTF-8 arrays ({@link Wire}). Records are immutable, so a copy is the record itself.
 */
public final class EdgeEvidenceSerializer extends HandWrittenSerializer<EdgeEvidence> {
    private static final long serialVersionUID = 1L;

    private static final FlowEndpoint RESOLVED =
            new FlowEndpoint(null, null, null, null, null, Labels.empty(), null);

    @Override
    public void serialize(EdgeEvidence e, DataOutputView out) throws IOException {
        writeEndpoint(e.source(), out);
        writeEndpoint(e.destination(), out);
        out.writeInt(e.port());
        writeString(e.protocol(), out);
        Wire.writeInstant(e.eventTime(), out);
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
        String protocol = readString(in);
        Instant eventTime = Wire.readInstant(in);
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
    public EdgeEvidenceSerializer duplicate() {
        return new EdgeEvidenceSerializer();
    }

    @Override
    public TypeSerializerSnapshot<EdgeEvidence> snapshotConfiguration() {
        return new Snapshot();
    }

    /** The serializer has no configuration: its snapshot only names it. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<EdgeEvidence> {
        public Snapshot() {
            super(EdgeEvidenceSerializer::new);
        }
    }

    private void writeEndpoint(EndpointRef ref, DataOutputView out) throws IOException {
        writeString(ref.namespace(), out);
        writeString(ref.workload(), out);
        Wire.writeEnum(ref.kind(), out);
        writeLabels(ref.labels(), out);
        out.writeBoolean(ref.meshed());
        writeString(ref.serviceAccount(), out);
    }

    private EndpointRef readEndpoint(DataInputView in) throws IOException {
        String namespace = readString(in);
        String workload = readString(in);
        EndpointKind kind = Wire.readEnum(EndpointKind.values(), in);
        Labels labels = readLabels(in);
        boolean meshed = in.readBoolean();
        return new EndpointRef(namespace, workload, kind, labels, meshed, readString(in));
    }

    private void writeKernel(KernelFlow flow, DataOutputView out) throws IOException {
        Wire.writeEnum(flow.origin(), out);
        Wire.writeEnum(flow.action(), out);
        Wire.writeVarint(flow.reporters().size(), out);
        for (FlowReporter reporter : flow.reporters()) {
            Wire.writeEnum(reporter, out);
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
        Wire.writeVarint(flow.processNames().size(), out);
        for (String process : flow.processNames()) {
            writeString(process, out);
        }
    }

    private KernelFlow readKernel(DataInputView in) throws IOException {
        FlowOrigin origin = Wire.readEnum(FlowOrigin.values(), in);
        FlowAction action = Wire.readEnum(FlowAction.values(), in);
        int reporterCount = Wire.readSize(in);
        List<FlowReporter> reporters = new ArrayList<>(reporterCount);
        for (int i = 0; i < reporterCount; i++) {
            reporters.add(Wire.readEnum(FlowReporter.values(), in));
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
        int processCount = Wire.readSize(in);
        List<String> processes = new ArrayList<>(processCount);
        for (int i = 0; i < processCount; i++) {
            processes.add(readString(in));
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

    private void writePolicies(List<PolicyHit> hits, DataOutputView out) throws IOException {
        Wire.writeVarint(hits.size(), out);
        for (PolicyHit hit : hits) {
            out.writeInt(hit.index());
            writeString(hit.tier(), out);
            writeString(hit.name(), out);
            writeString(hit.action(), out);
            out.writeBoolean(hit.rule() != null);
            if (hit.rule() != null) {
                out.writeInt(hit.rule());
            }
            out.writeBoolean(hit.staged());
        }
    }

    private List<PolicyHit> readPolicies(DataInputView in) throws IOException {
        int size = Wire.readSize(in);
        List<PolicyHit> hits = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            int index = in.readInt();
            String tier = readString(in);
            String name = readString(in);
            String action = readString(in);
            Integer rule = in.readBoolean() ? in.readInt() : null;
            hits.add(new PolicyHit(index, tier, name, action, rule, in.readBoolean()));
        }
        return hits;
    }

    private void writeProxy(ProxyRequest r, DataOutputView out) throws IOException {
        Wire.writeInstant(r.startTime(), out);
        writeString(r.method(), out);
        writeString(r.path(), out);
        writeString(r.protocol(), out);
        out.writeInt(r.responseCode());
        writeString(r.authority(), out);
        writeString(r.requestedServerName(), out);
        writeString(r.peerSpiffeId(), out);
        Wire.writeEnum(r.format(), out);
    }

    private ProxyRequest readProxy(DataInputView in) throws IOException {
        Instant start = Wire.readInstant(in);
        String method = readString(in);
        String path = readString(in);
        String protocol = readString(in);
        int responseCode = in.readInt();
        String authority = readString(in);
        String serverName = readString(in);
        String peer = readString(in);
        ProxyLogFormat format = Wire.readEnum(ProxyLogFormat.values(), in);
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
}
