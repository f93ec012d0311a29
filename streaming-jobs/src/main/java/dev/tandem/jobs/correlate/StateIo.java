package dev.tandem.jobs.correlate;

import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.Labels;
import java.io.IOException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * The parts of the edge windows' state as bytes, for {@link WindowAccumulatorSerializer}: counts as
 * variable-length numbers (most are small), strings through Flink's {@link StringValue} (any
 * length, null allowed), sets and maps in their sorted order.
 */
final class StateIo {
    /** Bounds a size read back, so that corrupt state fails instead of allocating gigabytes. */
    private static final int MAX_SIZE = 1 << 20;

    private StateIo() {}

    static void writeCount(long value, DataOutputView out) throws IOException {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out.writeByte((int) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        out.writeByte((int) rest);
    }

    static long readCount(DataInputView in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("a count in the edge window state is longer than 64 bits");
    }

    static int readSize(DataInputView in) throws IOException {
        long size = readCount(in);
        if (size > MAX_SIZE) {
            throw new IOException(
                    "a collection in the edge window state claims " + size + " items");
        }
        return (int) size;
    }

    static void writeString(String value, DataOutputView out) throws IOException {
        StringValue.writeString(value, out);
    }

    static String readString(DataInputView in) throws IOException {
        return StringValue.readString(in);
    }

    static void writeStrings(TreeSet<String> values, DataOutputView out) throws IOException {
        writeCount(values.size(), out);
        for (String value : values) {
            writeString(value, out);
        }
    }

    static void readStrings(TreeSet<String> into, DataInputView in) throws IOException {
        int size = readSize(in);
        for (int i = 0; i < size; i++) {
            into.add(readString(in));
        }
    }

    static void writeCounts(SortedMap<String, Long> counts, DataOutputView out) throws IOException {
        writeCount(counts.size(), out);
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            writeString(entry.getKey(), out);
            writeCount(entry.getValue(), out);
        }
    }

    static void readCounts(TreeMap<String, Long> into, DataInputView in) throws IOException {
        int size = readSize(in);
        for (int i = 0; i < size; i++) {
            into.put(readString(in), readCount(in));
        }
    }

    static void writeEndpoint(EndpointRef ref, DataOutputView out) throws IOException {
        out.writeBoolean(ref != null);
        if (ref == null) {
            return;
        }
        writeString(ref.namespace(), out);
        writeString(ref.workload(), out);
        writeCount(ref.kind().ordinal(), out);
        SortedMap<String, String> labels = ref.labels().asMap();
        writeCount(labels.size(), out);
        for (Map.Entry<String, String> label : labels.entrySet()) {
            writeString(label.getKey(), out);
            writeString(label.getValue(), out);
        }
        out.writeBoolean(ref.meshed());
        writeString(ref.serviceAccount(), out);
    }

    static EndpointRef readEndpoint(DataInputView in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        String namespace = readString(in);
        String workload = readString(in);
        EndpointKind[] kinds = EndpointKind.values();
        long kind = readCount(in);
        if (kind >= kinds.length) {
            throw new IOException("no endpoint kind " + kind + " in the edge window state");
        }
        int size = readSize(in);
        Map<String, String> labels = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            labels.put(readString(in), readString(in));
        }
        boolean meshed = in.readBoolean();
        return new EndpointRef(
                namespace,
                workload,
                kinds[(int) kind],
                size == 0 ? Labels.empty() : Labels.of(labels),
                meshed,
                readString(in));
    }
}
