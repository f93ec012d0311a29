package dev.tandem.jobs.correlate.serialization;

import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowCounters;
import dev.tandem.ingest.model.FlowEndpoint;
import dev.tandem.ingest.model.FlowOrigin;
import dev.tandem.ingest.model.FlowReporter;
import dev.tandem.ingest.model.KernelFlow;
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
 *
 * <p>A record is its endpoints, port and protocol, then a count of pieces (zero for a single piece)
 * and the pieces: each a flags byte, what it has of its own (endpoints, port and protocol that
 * differ from the record's), its time and its flow or request. A batch's endpoints and their labels
 * are thus written once, not once per piece.
 */
public final class EdgeEvidenceSerializer extends HandWrittenSerializer<EdgeEvidence> {
    private static final long serialVersionUID = 1L;

    private static final FlowEndpoint RESOLVED = EdgeEvidence.resolvedEndpoint();

    /** A piece's flags: what it has of its own in a batch, and what it is. */
    private static final int OWN_SOURCE = 1;

    private static final int OWN_DESTINATION = 2;
    private static final int OWN_PORT = 4;
    private static final int OUTBOUND = 8;
    private static final int KERNEL = 16;

    @Override
    public void serialize(EdgeEvidence e, DataOutputView out) throws IOException {
        writeEndpoint(e.source(), out);
        writeEndpoint(e.destination(), out);
        out.writeInt(e.port());
        writeString(e.protocol(), out);
        List<EdgeEvidence> batch = e.batch();
        if (batch == null) {
            Wire.writeVarint(0, out);
            writePiece(e, e, out);
            return;
        }
        Wire.writeVarint(batch.size(), out);
        for (EdgeEvidence piece : batch) {
            writePiece(piece, e, out);
        }
    }

    @Override
    public EdgeEvidence deserialize(DataInputView in) throws IOException {
        EndpointRef source = readEndpoint(in);
        EndpointRef destination = readEndpoint(in);
        int port = in.readInt();
        String protocol = readString(in);
        int size = Wire.readSize(in);
        if (size == 0) {
            return readPiece(source, destination, port, protocol, in);
        }
        if (size == 1) {
            throw new IOException("corrupt batch of one");
        }
        List<EdgeEvidence> pieces = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            pieces.add(readPiece(source, destination, port, protocol, in));
        }
        return EdgeEvidence.batch(pieces);
    }

    /**
     * A piece of evidence, writing only what differs from its batch's first piece: the pieces of a
     * batch are one edge's, and their endpoints (with both label sets) are the bulk of a record.
     */
    private void writePiece(EdgeEvidence piece, EdgeEvidence batch, DataOutputView out)
            throws IOException {
        boolean ownSource = !piece.source().equals(batch.source());
        boolean ownDestination = !piece.destination().equals(batch.destination());
        boolean ownPort =
                piece.port() != batch.port() || !piece.protocol().equals(batch.protocol());
        out.writeByte(
                (ownSource ? OWN_SOURCE : 0)
                        | (ownDestination ? OWN_DESTINATION : 0)
                        | (ownPort ? OWN_PORT : 0)
                        | (piece.outbound() ? OUTBOUND : 0)
                        | (piece.kernel() != null ? KERNEL : 0));
        if (ownSource) {
            writeEndpoint(piece.source(), out);
        }
        if (ownDestination) {
            writeEndpoint(piece.destination(), out);
        }
        if (ownPort) {
            out.writeInt(piece.port());
            writeString(piece.protocol(), out);
        }
        Wire.writeInstant(piece.eventTime(), out);
        if (piece.kernel() != null) {
            writeKernel(piece.kernel(), out);
        } else {
            writeProxy(piece.proxy(), out);
        }
    }

    private EdgeEvidence readPiece(
            EndpointRef source,
            EndpointRef destination,
            int port,
            String protocol,
            DataInputView in)
            throws IOException {
        int flags = in.readUnsignedByte();
        EndpointRef ownSource = (flags & OWN_SOURCE) != 0 ? readEndpoint(in) : source;
        EndpointRef ownDestination =
                (flags & OWN_DESTINATION) != 0 ? readEndpoint(in) : destination;
        boolean ownPort = (flags & OWN_PORT) != 0;
        int ownPortNumber = ownPort ? in.readInt() : port;
        String ownProtocol = ownPort ? readString(in) : protocol;
        Instant eventTime = Wire.readInstant(in);
        boolean kernel = (flags & KERNEL) != 0;
        return new EdgeEvidence(
                ownSource,
                ownDestination,
                ownPortNumber,
                ownProtocol,
                eventTime,
                kernel ? readKernel(in) : null,
                kernel ? null : readProxy(in),
                (flags & OUTBOUND) != 0);
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

    private void writeKernel(KernelFlow flow, DataOutputView out) throws IOException {
        Wire.writeEnum(flow.origin(), out);
        Wire.writeEnum(flow.action(), out);
        writeReporters(flow.reporters(), out);
        writePolicies(flow.policies().all(), out);
        writePolicies(flow.policies().enforced(), out);
        writeCounters(flow.counters(), out);
        writeStrings(flow.processNames(), out);
    }

    private KernelFlow readKernel(DataInputView in) throws IOException {
        FlowOrigin origin = Wire.readEnum(ORIGINS, in);
        FlowAction action = Wire.readEnum(ACTIONS, in);
        List<FlowReporter> reporters = readReporters(in);
        List<PolicyHit> all = readPolicies(in);
        List<PolicyHit> enforced = readPolicies(in);
        FlowCounters counters = readCounters(in);
        List<String> processes = readStrings(in);
        return EdgeEvidence.trimmedFlow(
                origin, action, reporters, all, enforced, counters, processes);
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
        ProxyLogFormat format = Wire.readEnum(FORMATS, in);
        return EdgeEvidence.trimmedRequest(
                start, method, path, protocol, responseCode, authority, serverName, peer, format);
    }
}
