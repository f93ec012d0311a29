package dev.tandem.jobs.correlate.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.IOException;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.util.InstantiationUtil;

/**
 * Kryo with a length prefix: writes each record into a byte array first, and reads it back from
 * one. Flink's own Kryo wrapper hands Kryo a stream that fetches only the bytes asked for, so Kryo
 * reads every string a byte at a time through Flink's input; from a whole array it reads them in
 * one pass. The Kryo setup (registrations, {@link ModelSerializers}) is the wrapped serializer's.
 */
final class BufferedKryoSerializer<T> extends TypeSerializer<T> {
    private static final long serialVersionUID = 1L;

    /** Bounds what a corrupt stream can make us allocate. */
    private static final int MAX_RECORD_BYTES = 64 << 20;

    private final Class<T> type;
    private final KryoSerializer<T> kryo;
    private transient Output output;
    private transient Input input;
    private transient byte[] buffer;

    BufferedKryoSerializer(Class<T> type, KryoSerializer<T> kryo) {
        this.type = Objects.requireNonNull(type, "type");
        this.kryo = Objects.requireNonNull(kryo, "kryo");
    }

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public TypeSerializer<T> duplicate() {
        return new BufferedKryoSerializer<>(type, kryo.duplicate());
    }

    @Override
    public T createInstance() {
        return kryo.createInstance();
    }

    @Override
    public T copy(T from) {
        return kryo.copy(from);
    }

    @Override
    public T copy(T from, T reuse) {
        return kryo.copy(from, reuse);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(T record, DataOutputView target) throws IOException {
        if (output == null) {
            output = new Output(4096, MAX_RECORD_BYTES);
        }
        output.reset();
        kryo.getKryo().writeClassAndObject(output, record);
        target.writeInt(output.position());
        target.write(output.getBuffer(), 0, output.position());
    }

    @Override
    @SuppressWarnings("unchecked")
    public T deserialize(DataInputView source) throws IOException {
        int length = source.readInt();
        if (length < 0 || length > MAX_RECORD_BYTES) {
            throw new IOException("corrupt record length " + length);
        }
        if (buffer == null || buffer.length < length) {
            buffer = new byte[Math.max(length, 4096)];
            input = new Input();
        }
        source.readFully(buffer, 0, length);
        input.setBuffer(buffer, 0, length);
        Kryo k = kryo.getKryo();
        return (T) k.readClassAndObject(input);
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        int length = source.readInt();
        target.writeInt(length);
        target.write(source, length);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BufferedKryoSerializer<?> that
                && type == that.type
                && kryo.equals(that.kryo);
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public TypeSerializerSnapshot<T> snapshotConfiguration() {
        return new Snapshot<>(type);
    }

    /** Names the record class; restoring sets Kryo up again as {@link ModelTypeInfo} does. */
    public static final class Snapshot<T> implements TypeSerializerSnapshot<T> {
        private Class<T> type;

        /** For Flink, which reads the class back with {@link #readSnapshot}. */
        public Snapshot() {}

        Snapshot(Class<T> type) {
            this.type = type;
        }

        @Override
        public int getCurrentVersion() {
            return 1;
        }

        @Override
        public void writeSnapshot(DataOutputView out) throws IOException {
            out.writeUTF(type.getName());
        }

        @Override
        public void readSnapshot(int version, DataInputView in, ClassLoader loader)
                throws IOException {
            type = InstantiationUtil.resolveClassByName(in, loader);
        }

        @Override
        public TypeSerializer<T> restoreSerializer() {
            return new ModelTypeInfo<>(type).createSerializer(new SerializerConfigImpl());
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
                TypeSerializerSnapshot<T> old) {
            return old instanceof Snapshot<?> that && that.type == type
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.incompatible();
        }
    }
}
