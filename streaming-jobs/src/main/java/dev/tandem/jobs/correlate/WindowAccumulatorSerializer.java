package dev.tandem.jobs.correlate;

import dev.tandem.jobs.correlate.serialization.Wire;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The edge windows' state ({@link WindowAccumulator}) in a format of Tandem's own instead of Kryo's
 * field-by-field one: the hand-written serializers' encodings ({@link Wire}, counts as
 * variable-length numbers) under a snapshot of its own, so that a later format can say which
 * version it reads. The accumulator is mutable, so a copy (the heap state backend copies a value
 * that changes while a snapshot is written) is a full copy: the value written and read back. Each
 * instance has its own {@link Wire} (scratch buffer, label cache), so {@link #duplicate()} makes a
 * new one.
 */
final class WindowAccumulatorSerializer extends TypeSerializer<WindowAccumulator> {
    private static final long serialVersionUID = 1L;

    private transient Wire wire;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<WindowAccumulator> duplicate() {
        return new WindowAccumulatorSerializer();
    }

    @Override
    public WindowAccumulator createInstance() {
        return new WindowAccumulator();
    }

    @Override
    public WindowAccumulator copy(WindowAccumulator from) {
        try {
            DataOutputSerializer out = new DataOutputSerializer(256);
            from.writeTo(wire(), out);
            return WindowAccumulator.readFrom(
                    wire(), new DataInputDeserializer(out.getSharedBuffer(), 0, out.length()));
        } catch (IOException e) {
            throw new UncheckedIOException("copying an edge window's state", e);
        }
    }

    @Override
    public WindowAccumulator copy(WindowAccumulator from, WindowAccumulator reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(WindowAccumulator window, DataOutputView out) throws IOException {
        window.writeTo(wire(), out);
    }

    @Override
    public WindowAccumulator deserialize(DataInputView in) throws IOException {
        return WindowAccumulator.readFrom(wire(), in);
    }

    @Override
    public WindowAccumulator deserialize(WindowAccumulator reuse, DataInputView in)
            throws IOException {
        return deserialize(in);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public boolean equals(Object other) {
        return other != null && other.getClass() == getClass();
    }

    @Override
    public int hashCode() {
        return getClass().hashCode();
    }

    private Wire wire() {
        if (wire == null) {
            wire = new Wire();
        }
        return wire;
    }

    @Override
    public TypeSerializerSnapshot<WindowAccumulator> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Version 1 of the format; a change to it comes with a snapshot that can read this one. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<WindowAccumulator> {
        public Snapshot() {
            super(WindowAccumulatorSerializer::new);
        }
    }
}
