package dev.tandem.jobs.correlate.serialization;

import dev.tandem.jobs.correlate.EdgeEvidence;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/** Type information for {@link EdgeEvidence}: serialized by {@link EdgeEvidenceSerializer}. */
public final class EdgeEvidenceTypeInfo extends TypeInformation<EdgeEvidence> {
    private static final long serialVersionUID = 1L;

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
    public Class<EdgeEvidence> getTypeClass() {
        return EdgeEvidence.class;
    }

    @Override
    public boolean isKeyType() {
        return false;
    }

    @Override
    public TypeSerializer<EdgeEvidence> createSerializer(SerializerConfig config) {
        return EdgeEvidenceSerializer.INSTANCE;
    }

    @Override
    public String toString() {
        return "EdgeEvidence";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EdgeEvidenceTypeInfo;
    }

    @Override
    public int hashCode() {
        return EdgeEvidenceTypeInfo.class.hashCode();
    }

    @Override
    public boolean canEqual(Object other) {
        return other instanceof EdgeEvidenceTypeInfo;
    }
}
