package dev.tandem.jobs.correlate.serialization;

import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.java.typeutils.GenericTypeInfo;
import org.apache.flink.api.java.typeutils.runtime.kryo.KryoSerializer;

/**
 * Type information for a canonical record that carries its own Kryo setup ({@link
 * ModelSerializers}), so that it serializes the same in a job, in state and in a test harness,
 * whatever configuration the environment was given; records are length-prefixed so that Kryo reads
 * each from one array ({@link BufferedKryoSerializer}).
 */
public final class ModelTypeInfo<T> extends GenericTypeInfo<T> {
    private static final long serialVersionUID = 1L;

    public ModelTypeInfo(Class<T> type) {
        super(type);
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        SerializerConfigImpl withModel =
                config instanceof SerializerConfigImpl
                        ? ((SerializerConfigImpl) config).copy()
                        : new SerializerConfigImpl();
        ModelSerializers.addTo(withModel);
        return new BufferedKryoSerializer<>(
                getTypeClass(), new KryoSerializer<>(getTypeClass(), withModel));
    }
}
