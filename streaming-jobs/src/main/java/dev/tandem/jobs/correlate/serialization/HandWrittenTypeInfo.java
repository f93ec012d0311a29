package dev.tandem.jobs.correlate.serialization;

import dev.tandem.ingest.model.Evidence;
import dev.tandem.jobs.correlate.EdgeEvidence;
import java.util.Objects;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Type information for a type with a hand-written serializer, whatever the environment's
 * configuration: {@link #EDGE_EVIDENCE} and {@link #EVIDENCE}, the records that cross the job's two
 * {@code keyBy}s, and the edge windows' state. Each serializer it creates is a new instance: they
 * keep per-thread caches.
 */
public final class HandWrittenTypeInfo<T> extends TypeInformation<T> {
    private static final long serialVersionUID = 1L;

    /** {@link EdgeEvidence}, through {@link EdgeEvidenceSerializer}. */
    public static final HandWrittenTypeInfo<EdgeEvidence> EDGE_EVIDENCE =
            new HandWrittenTypeInfo<>(EdgeEvidence.class, new EdgeEvidenceSerializer());

    /** Decoded {@link Evidence}, through {@link EvidenceSerializer}. */
    public static final HandWrittenTypeInfo<Evidence> EVIDENCE =
            new HandWrittenTypeInfo<>(Evidence.class, new EvidenceSerializer());

    private final Class<T> type;
    private final TypeSerializer<T> serializer;

    /** Type information for {@code type} whose serializers are duplicates of {@code serializer}. */
    public static <T> HandWrittenTypeInfo<T> of(Class<T> type, TypeSerializer<T> serializer) {
        return new HandWrittenTypeInfo<>(type, serializer);
    }

    private HandWrittenTypeInfo(Class<T> type, TypeSerializer<T> serializer) {
        this.type = Objects.requireNonNull(type, "type");
        this.serializer = Objects.requireNonNull(serializer, "serializer");
    }

    @Override
    public boolean isBasicType() {
        return false;
    }

    @Override
    public boolean isTupleType() {
        return false;
    }

    @Override
    public int getArity() {
        return 1;
    }

    @Override
    public int getTotalFields() {
        return 1;
    }

    @Override
    public Class<T> getTypeClass() {
        return type;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<T> createSerializer(SerializerConfig config) {
        return serializer.duplicate();
    }

    @Override
    public String toString() {
        return type.getSimpleName();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof HandWrittenTypeInfo<?> that && that.type == type;
    }

    @Override
    public int hashCode() {
        return type.hashCode();
    }

    @Override
    public boolean canEqual(Object other) {
        return other instanceof HandWrittenTypeInfo;
    }
}
