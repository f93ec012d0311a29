package dev.tandem.jobs.kafka;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.kafka.Topics;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.jobs.alert.Alert;
import dev.tandem.jobs.alert.AlertDeduplicator;
import dev.tandem.jobs.alert.AlertKeySelector;
import dev.tandem.jobs.archive.EdgeArchiveSink;
import dev.tandem.jobs.correlate.CorrelateJob;
import dev.tandem.jobs.correlate.CorrelateSettings;
import dev.tandem.jobs.correlate.CorrelateSinks;
import dev.tandem.jobs.correlate.CorrelateSources;
import dev.tandem.jobs.correlate.EdgeKey;
import dev.tandem.jobs.correlate.ModelTypes;
import dev.tandem.jobs.correlate.RawLine;
import dev.tandem.jobs.correlate.SinkBinding;
import dev.tandem.jobs.correlate.SourceBinding;
import java.util.Objects;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * {@code tandem correlate}: the correlate job between Kafka topics. Sources: {@code
 * tandem.flows.raw}, {@code tandem.proxy.raw} (raw bytes, decoded in the job) and {@code
 * tandem.inventory}. Sinks: {@code tandem.edges} exactly once (Kafka transactions committed on each
 * checkpoint: read it with {@code isolation.level=read_committed}), {@code tandem.alerts} (one per
 * new finding per edge and verdict, {@link AlertDeduplicator}) and {@code tandem.deadletter} at
 * least once (alerts carry a deterministic id for the notifier to drop copies; a duplicated dead
 * letter costs nothing), and the Parquet archive when one is configured. Evidence later than its
 * window's slack is dropped.
 *
 * <p>The caller owns the environment: checkpointing must be on for the exactly-once sink and the
 * archive to commit anything.
 */
public final class KafkaCorrelation {
    // Below the broker's default transaction.max.timeout.ms (15 min), above any checkpoint
    // interval and restart this job needs; Flink's default (1 h) is refused by default brokers.
    private static final String TRANSACTION_TIMEOUT_MS = Long.toString(10 * 60 * 1000);

    private final KafkaCorrelateSettings kafka;
    private final CorrelateSettings correlate;
    private final KafkaTopicNames topics;

    /** The job on the standard topics ({@link KafkaTopicNames#standard()}). */
    public KafkaCorrelation(KafkaCorrelateSettings kafka, CorrelateSettings correlate) {
        this(kafka, correlate, KafkaTopicNames.standard());
    }

    public KafkaCorrelation(
            KafkaCorrelateSettings kafka, CorrelateSettings correlate, KafkaTopicNames topics) {
        this.kafka = Objects.requireNonNull(kafka, "kafka");
        this.correlate = Objects.requireNonNull(correlate, "correlate");
        this.topics = Objects.requireNonNull(topics, "topics");
    }

    /** Adds the whole job, sources to sinks, to {@code env}. */
    public void addTo(StreamExecutionEnvironment env) {
        new CorrelateJob(sources(), sinks(), correlate).addTo(env);
    }

    /**
     * The job's Kafka inputs. With {@link #sinks()} this is the seam for a caller that builds the
     * {@link CorrelateJob} itself, e.g. a test that wraps an input in an operator of its own.
     */
    public CorrelateSources sources() {
        return new CorrelateSources(
                rawLines(topics.flowsRaw(), "flows-source"),
                rawLines(topics.proxyRaw(), "proxy-source"),
                inventory(SinkBinding.of(deadLetterSink(), "inventory-deadletter-sink")));
    }

    /** The job's outputs: Kafka topics and, when configured, the Parquet archive. */
    public CorrelateSinks sinks() {
        SinkBinding<DeadLetter> deadLetters = SinkBinding.of(deadLetterSink(), "deadletter-sink");
        SinkBinding<EdgeWindow> edges = SinkBinding.of(edgeSink(), "edges-sink");
        if (kafka.archiveUri() != null) {
            edges = CorrelateSinks.alsoTo(edges, EdgeArchiveSink.binding(kafka.archiveUri()));
        }
        return new CorrelateSinks(edges, alerts(), deadLetters, SinkBinding.discard());
    }

    private SourceBinding<RawLine> rawLines(String topic, String uid) {
        KafkaSource<RawLine> source = source(topic, new RawLineDeserializer());
        return env -> env.fromSource(source, WatermarkStrategy.noWatermarks(), uid).uid(uid);
    }

    private SourceBinding<PodRecord> inventory(SinkBinding<DeadLetter> deadLetters) {
        KafkaSource<KafkaRecordBytes> source =
                source(topics.inventory(), new KafkaRecordBytesDeserializer());
        return env -> {
            SingleOutputStreamOperator<PodRecord> pods =
                    env.fromSource(source, WatermarkStrategy.noWatermarks(), "inventory-source")
                            .uid("inventory-source")
                            .process(new InventoryReader(), ModelTypes.POD)
                            .uid(InventoryReader.UID)
                            .name(InventoryReader.UID);
            deadLetters.attach(pods.getSideOutput(InventoryReader.DEAD_LETTERS));
            return pods;
        };
    }

    private <T> KafkaSource<T> source(String topic, KafkaRecordDeserializationSchema<T> schema) {
        KafkaSourceBuilder<T> builder =
                KafkaSource.<T>builder()
                        .setBootstrapServers(kafka.bootstrapServers())
                        .setTopics(topic)
                        .setGroupId(kafka.groupId())
                        // A restarted job resumes where its last checkpoint committed; a new
                        // group reads everything the topic still holds.
                        .setStartingOffsets(
                                OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                        .setDeserializer(schema)
                        .setProperty("partition.discovery.interval.ms", "60000")
                        .setProperty(
                                "max.partition.fetch.bytes",
                                Integer.toString(Topics.MAX_MESSAGE_BYTES));
        if (kafka.bounded()) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    private SinkBinding<EdgeWindow> alerts() {
        KafkaSink<Alert> sink =
                KafkaSink.<Alert>builder()
                        .setBootstrapServers(kafka.bootstrapServers())
                        .setRecordSerializer(
                                new JsonRecordSerializer<Alert>(topics.alerts(), Alert::alertId))
                        .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                        .build();
        AlertDeduplicator deduplicator =
                new AlertDeduplicator(
                        kafka.realert(),
                        correlate
                                .window()
                                .plus(correlate.slack())
                                .plus(correlate.outOfOrderness()));
        return findings ->
                findings.keyBy(new AlertKeySelector())
                        .process(deduplicator, AlertDeduplicator.OUTPUT_TYPE)
                        .uid(AlertDeduplicator.UID)
                        .name(AlertDeduplicator.UID)
                        .sinkTo(sink)
                        .uid("alerts-sink")
                        .name("alerts-sink");
    }

    private KafkaSink<EdgeWindow> edgeSink() {
        return KafkaSink.<EdgeWindow>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setRecordSerializer(
                        new JsonRecordSerializer<EdgeWindow>(
                                topics.edges(),
                                w ->
                                        EdgeKey.of(
                                                w.source(),
                                                w.destination(),
                                                w.port(),
                                                w.protocol())))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(kafka.transactionalIdPrefix() + "-edges")
                .setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, TRANSACTION_TIMEOUT_MS)
                .build();
    }

    private KafkaSink<DeadLetter> deadLetterSink() {
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setRecordSerializer(
                        new JsonRecordSerializer<DeadLetter>(
                                topics.deadLetter(), DeadLetter::source))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                // A dead letter carries its original line, up to the decoders' record cap.
                .setProperty(
                        ProducerConfig.MAX_REQUEST_SIZE_CONFIG,
                        Integer.toString(Topics.MAX_MESSAGE_BYTES))
                .build();
    }
}
