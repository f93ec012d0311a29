package dev.tandem.jobs.correlate.serialization;

import dev.tandem.ingest.model.Labels;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * What the hand-written serializers of immutable records share: a copy is the record itself, and
 * each instance has its own {@link Wire} (scratch buffer, caches of the strings and labels it
 * read), which is why {@link #duplicate()} makes a new instance and no instance is shared between
 * threads.
 */
abstract class HandWrittenSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

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

    private Wire wire() {
        if (wire == null) {
            wire = new Wire();
        }
        return wire;
    }
}
