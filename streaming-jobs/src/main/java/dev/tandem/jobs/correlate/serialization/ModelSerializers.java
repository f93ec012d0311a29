package dev.tandem.jobs.correlate.serialization;

import dev.tandem.ingest.model.Labels;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;

/**
 * Teaches Kryo to carry the canonical records. Records themselves are fine (Kryo 5 has a record
 * serializer), but their fields are read-only collections ({@code List.copyOf}, {@code
 * Collections.unmodifiableSortedMap}) that Kryo's collection serializers try to fill with {@code
 * add}/{@code put} and fail on; and reflecting into {@code java.util} needs {@code --add-opens}.
 * These serializers write the entries and read them back into new read-only collections.
 */
public final class ModelSerializers {
    /** The JDK's read-only collection classes, by name: they are not public. */
    private static final List<String> READ_ONLY_LISTS =
            List.of(
                    "java.util.ImmutableCollections$ListN",
                    "java.util.ImmutableCollections$List12",
                    "java.util.Collections$UnmodifiableRandomAccessList",
                    "java.util.Collections$UnmodifiableList");

    private static final List<String> READ_ONLY_SORTED_MAPS =
            List.of(
                    "java.util.Collections$UnmodifiableSortedMap",
                    "java.util.Collections$UnmodifiableNavigableMap",
                    "java.util.Collections$UnmodifiableNavigableMap$EmptyNavigableMap");

    private ModelSerializers() {}

    /** Adds the serializers to {@code config} as Kryo default serializers. */
    public static void addTo(SerializerConfigImpl config) {
        config.addDefaultKryoSerializer(Labels.class, LabelsKryoSerializer.class);
        for (String name : READ_ONLY_LISTS) {
            config.addDefaultKryoSerializer(jdkClass(name), ReadOnlyListKryoSerializer.class);
        }
        for (String name : READ_ONLY_SORTED_MAPS) {
            config.addDefaultKryoSerializer(jdkClass(name), ReadOnlySortedMapKryoSerializer.class);
        }
    }

    private static Class<?> jdkClass(String name) {
        try {
            return Class.forName(name);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("this JDK has no " + name, e);
        }
    }
}
