package dev.tandem.jobs.correlate.serialization;

import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowCounters;
import dev.tandem.ingest.model.FlowOrigin;
import dev.tandem.ingest.model.FlowReporter;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.PolicyHit;
import dev.tandem.ingest.model.ProxyLogFormat;
import java.io.IOException;
import java.util.List;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What the hand-written serializers of immutable records share: a copy is the record itself; the
 * model's parts both hops carry (strings, policy hits, flow counters) are written one way; and each
 * instance has its own {@link Wire} (scratch buffer, caches of the strings and labels it read),
 * which is why {@link #duplicate()} makes a new instance and no instance is shared between threads.
 */
abstract class HandWrittenSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    // values() copies its array on every call: once per enum field of every record.
    static final FlowOrigin[] ORIGINS = FlowOrigin.values();
    static final FlowAction[] ACTIONS = FlowAction.values();
    static final ProxyLogFormat[] FORMATS = ProxyLogFormat.values();
    private static final FlowReporter[] REPORTERS = FlowReporter.values();

    private transient Wire wire;

    @Override
    public final boolean isImmutableType() {
        return true;
    }

    @Override
    public final T createInstance() {
        return null;
    }

    @Override
    public final T copy(T from) {
        return from;
    }

    @Override
    public final T copy(T from, T reuse) {
        return from;
    }

    @Override
    public final int getLength() {
        return -1;
    }

    @Override
    public final T deserialize(T reuse, DataInputView in) throws IOException {
        return deserialize(in);
    }

    @Override
    public final void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public final boolean equals(Object other) {
        return other != null && other.getClass() == getClass();
    }

    @Override
    public final int hashCode() {
        return getClass().hashCode();
    }

    final void writeString(String value, DataOutputView out) throws IOException {
        wire().writeString(value, out);
    }

    final String readString(DataInputView in) throws IOException {
        return wire().readString(in);
    }

    final void writeLabels(Labels labels, DataOutputView out) throws IOException {
        wire().writeLabels(labels, out);
    }

    final Labels readLabels(DataInputView in) throws IOException {
        return wire().readLabels(in);
    }

    final void writeStrings(List<String> values, DataOutputView out) throws IOException {
        wire().writeStrings(values, out);
    }

    /**
     * The strings {@link #writeStrings} wrote, as a read-only list: the records' constructors copy
     * any other list they are given ({@code List.copyOf}), a second copy per list per record.
     */
    final List<String> readStrings(DataInputView in) throws IOException {
        int size = Wire.readSize(in);
        if (size == 0) {
            return List.of();
        }
        String[] values = new String[size];
        for (int i = 0; i < size; i++) {
            values[i] = readString(in);
            if (values[i] == null) {
                throw new IOException("corrupt string list: a null element");
            }
        }
        return List.of(values);
    }

    final void writeEndpoint(EndpointRef ref, DataOutputView out) throws IOException {
        wire().writeEndpoint(ref, out);
    }

    final EndpointRef readEndpoint(DataInputView in) throws IOException {
        return wire().readEndpoint(in);
    }

    static void writeReporters(List<FlowReporter> reporters, DataOutputView out)
            throws IOException {
        Wire.writeVarint(reporters.size(), out);
        for (FlowReporter reporter : reporters) {
            Wire.writeEnum(reporter, out);
        }
    }

    /** The reporters {@link #writeReporters} wrote, as a read-only list (see readStrings). */
    static List<FlowReporter> readReporters(DataInputView in) throws IOException {
        int count = Wire.readSize(in);
        FlowReporter[] reporters = new FlowReporter[count];
        for (int i = 0; i < count; i++) {
            reporters[i] = Wire.readEnum(REPORTERS, in);
            if (reporters[i] == null) {
                throw new IOException("corrupt reporter: null");
            }
        }
        return List.of(reporters);
    }

    final void writePolicies(List<PolicyHit> hits, DataOutputView out) throws IOException {
        Wire.writeVarint(hits.size(), out);
        for (PolicyHit hit : hits) {
            out.writeInt(hit.index());
            writeString(hit.tier(), out);
            writeString(hit.name(), out);
            writeString(hit.action(), out);
            Wire.writeNullableInt(hit.rule(), out);
            out.writeBoolean(hit.staged());
        }
    }

    final List<PolicyHit> readPolicies(DataInputView in) throws IOException {
        int size = Wire.readSize(in);
        if (size == 0) {
            return List.of();
        }
        PolicyHit[] hits = new PolicyHit[size];
        for (int i = 0; i < size; i++) {
            hits[i] =
                    new PolicyHit(
                            in.readInt(),
                            readString(in),
                            readString(in),
                            readString(in),
                            Wire.readNullableInt(in),
                            in.readBoolean());
        }
        // Read-only, as readStrings: the records would copy any other list.
        return List.of(hits);
    }

    static void writeCounters(FlowCounters c, DataOutputView out) throws IOException {
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
    }

    static FlowCounters readCounters(DataInputView in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        return new FlowCounters(
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

    private Wire wire() {
        if (wire == null) {
            wire = new Wire();
        }
        return wire;
    }
}
