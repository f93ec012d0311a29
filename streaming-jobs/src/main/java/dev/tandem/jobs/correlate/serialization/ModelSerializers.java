package dev.tandem.jobs.correlate.serialization;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.model.ClusterKind;
import dev.tandem.ingest.model.DestinationService;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowCounters;
import dev.tandem.ingest.model.FlowEndpoint;
import dev.tandem.ingest.model.FlowEndpointType;
import dev.tandem.ingest.model.FlowOrigin;
import dev.tandem.ingest.model.FlowPolicies;
import dev.tandem.ingest.model.FlowReporter;
import dev.tandem.ingest.model.HostPort;
import dev.tandem.ingest.model.KernelEvidence;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.OwnerRef;
import dev.tandem.ingest.model.PodContext;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.ingest.model.PolicyHit;
import dev.tandem.ingest.model.ProxyEvidence;
import dev.tandem.ingest.model.ProxyLogFormat;
import dev.tandem.ingest.model.ProxyRequest;
import dev.tandem.ingest.model.TcpStats;
import dev.tandem.ingest.model.UpstreamCluster;
import dev.tandem.ingest.model.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;

/**
 * Teaches Kryo to carry the canonical records. Records themselves are fine (Kryo 5 has a record
 * serializer), but their fields are read-only collections ({@code List.copyOf}, {@code
 * Collections.unmodifiableSortedMap}) that Kryo's collection serializers try to fill with {@code
 * add}/{@code put} and fail on; and reflecting into {@code java.util} needs {@code --add-opens}.
 * These serializers write the entries and read them back into new read-only collections.
 *
 * <p>Every class that crosses the network or lands in state is also registered, so that Kryo writes
 * a small id instead of the class name with every record (an unregistered class costs its name in
 * each record, and reading it back dominated the job's profile). The ids follow the order of
 * registration: append new classes at the end of {@link #REGISTERED} and {@link
 * #REGISTERED_BY_NAME}, since reordering them makes earlier savepoints unreadable.
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

    /** Classes registered with Kryo, in a fixed order (the order gives the ids). */
    private static final List<Class<?>> REGISTERED =
            List.of(
                    Instant.class,
                    ArrayList.class,
                    TreeMap.class,
                    TreeSet.class,
                    Labels.class,
                    ClusterKind.class,
                    DestinationService.class,
                    EdgeWindow.class,
                    EndpointKind.class,
                    EndpointRef.class,
                    FlowAction.class,
                    FlowCounters.class,
                    FlowEndpoint.class,
                    FlowEndpointType.class,
                    FlowOrigin.class,
                    FlowPolicies.class,
                    FlowReporter.class,
                    HostPort.class,
                    KernelEvidence.class,
                    KernelFlow.class,
                    OwnerRef.class,
                    PodContext.class,
                    PodRecord.class,
                    PolicyHit.class,
                    ProxyEvidence.class,
                    ProxyLogFormat.class,
                    ProxyRequest.class,
                    TcpStats.class,
                    UpstreamCluster.class,
                    Verdict.class,
                    DeadLetter.class,
                    DeadLetterReason.class);

    /**
     * Classes registered by name: the JDK's read-only collections (not public) and the jobs' own
     * records (some package-private).
     */
    private static final List<String> REGISTERED_BY_NAME =
            List.of(
                    "java.util.ImmutableCollections$ListN",
                    "java.util.ImmutableCollections$List12",
                    "java.util.Collections$UnmodifiableRandomAccessList",
                    "java.util.Collections$UnmodifiableList",
                    "java.util.Collections$UnmodifiableSortedMap",
                    "java.util.Collections$UnmodifiableNavigableMap",
                    "java.util.Collections$UnmodifiableNavigableMap$EmptyNavigableMap",
                    "dev.tandem.jobs.correlate.RawLine",
                    "dev.tandem.jobs.correlate.EdgeEvidence",
                    "dev.tandem.jobs.alert.Alert",
                    "dev.tandem.jobs.kafka.KafkaRecordBytes");

    private ModelSerializers() {}

    /**
     * Adds the serializers to {@code config} as Kryo default serializers and registers the classes
     * (after the serializers, so that a registered class gets its default serializer).
     */
    public static void addTo(SerializerConfigImpl config) {
        config.addDefaultKryoSerializer(Labels.class, LabelsKryoSerializer.class);
        for (String name : READ_ONLY_LISTS) {
            config.addDefaultKryoSerializer(classNamed(name), ReadOnlyListKryoSerializer.class);
        }
        for (String name : READ_ONLY_SORTED_MAPS) {
            config.addDefaultKryoSerializer(
                    classNamed(name), ReadOnlySortedMapKryoSerializer.class);
        }
        for (Class<?> type : REGISTERED) {
            config.registerKryoType(type);
        }
        for (String name : REGISTERED_BY_NAME) {
            config.registerKryoType(classNamed(name));
        }
    }

    private static Class<?> classNamed(String name) {
        try {
            return Class.forName(name, false, ModelSerializers.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("no class " + name, e);
        }
    }
}
