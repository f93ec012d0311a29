package dev.tandem.jobs.correlate;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.detect.LogKind;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.model.PodRecord;
import java.util.Objects;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The correlate job: raw flow and proxy lines (and the inventory) in, edge windows with verdicts,
 * findings and dead letters out. The same graph runs streaming over Kafka ({@code tandem
 * correlate}) and in BATCH mode over files ({@code tandem analyze}).
 *
 * <pre>
 * flows ─> EvidenceDecoder ─> watermarks ─┐
 *                                         ├─ union ─keyBy(spread)─> EndpointResolver ─> EdgeBatcher ─keyBy(edge)─> EdgeWindowBuilder ─> edges, findings
 * proxy ─> EvidenceDecoder ─> watermarks ─┘              ↑ broadcast(inventory)
 * dead letters: both decoders + the resolver's unattributed evidence
 * </pre>
 */
public final class CorrelateJob {
    private final CorrelateSources sources;
    private final CorrelateSinks sinks;
    private final CorrelateSettings settings;

    public CorrelateJob(
            CorrelateSources sources, CorrelateSinks sinks, CorrelateSettings settings) {
        this.sources = Objects.requireNonNull(sources, "sources");
        this.sinks = Objects.requireNonNull(sinks, "sinks");
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * Adds the job's graph to {@code env}; the caller executes it. Turns object reuse on for the
     * environment: see {@link #reuseObjects}.
     */
    public void addTo(StreamExecutionEnvironment env) {
        reuseObjects(env);
        SingleOutputStreamOperator<Evidence> flowDecoder = decode(env, sources.flows(), "flows");
        SingleOutputStreamOperator<Evidence> proxyDecoder = decode(env, sources.proxy(), "proxy");
        DataStream<Evidence> evidence =
                withWatermarks(flowDecoder, "flows").union(withWatermarks(proxyDecoder, "proxy"));

        DataStream<PodRecord> inventory =
                sources.inventory()
                        .attach(env)
                        .assignTimestampsAndWatermarks(
                                WatermarkStrategy.<PodRecord>forGenerator(
                                        ctx -> new InventoryWatermarks()))
                        .uid("inventory-watermarks")
                        .name("inventory-watermarks");

        SingleOutputStreamOperator<EdgeEvidence> resolved =
                resolve(env, evidence.keyBy(new ResolverKeySelector()), inventory)
                        .uid(EndpointResolver.UID)
                        .name(EndpointResolver.UID);

        SingleOutputStreamOperator<EdgeEvidence> batched =
                resolved.transform(
                                EdgeBatcher.UID,
                                ModelTypes.EDGE_EVIDENCE,
                                new EdgeBatcher(settings))
                        .uid(EdgeBatcher.UID)
                        .name(EdgeBatcher.UID);

        SingleOutputStreamOperator<EdgeWindow> windows =
                batched.keyBy(new EdgeKeySelector())
                        .process(new EdgeWindowBuilder(settings), ModelTypes.EDGE_WINDOW)
                        .uid(EdgeWindowBuilder.UID)
                        .name(EdgeWindowBuilder.UID);

        sinks.edges().attach(windows);
        sinks.findings()
                .attach(
                        windows.filter(window -> window.verdict().isFinding())
                                .uid("findings-filter")
                                .name("findings-filter"));
        DataStream<DeadLetter> deadLetters =
                flowDecoder
                        .getSideOutput(EvidenceDecoder.DEAD_LETTERS)
                        .union(
                                proxyDecoder.getSideOutput(EvidenceDecoder.DEAD_LETTERS),
                                resolved.getSideOutput(EndpointResolver.UNATTRIBUTED));
        sinks.deadLetters().attach(deadLetters);
        sinks.late().attach(windows.getSideOutput(EdgeWindowBuilder.LATE));
    }

    /**
     * Without object reuse, Flink copies every record between chained operators with its serializer
     * (Kryo here), which cost as much as the network hops. Reuse is safe for this job: its records
     * are immutable Java records, no operator changes an input, and the objects kept in heap state
     * (evidence waiting for the inventory, pods by IP) are the inputs themselves, which nothing
     * upstream reuses: the decoders build new records and Kryo reads new objects from the network.
     * The sinks the callers attach write or count records and keep none of them mutable.
     */
    private static void reuseObjects(StreamExecutionEnvironment env) {
        env.getConfig().enableObjectReuse();
    }

    /**
     * One decoder per input, at the source's parallelism so that it chains to the source and every
     * stream (file, partition) stays in order in one subtask: CRI partial lines join there.
     */
    private static SingleOutputStreamOperator<Evidence> decode(
            StreamExecutionEnvironment env, SourceBinding<RawLine> source, String input) {
        DataStream<RawLine> lines = source.attach(env);
        return lines.transform(
                        EvidenceDecoder.UID + "-" + input,
                        ModelTypes.EVIDENCE,
                        new EvidenceDecoderOperator(new EvidenceDecoder(LogKind.AUTO, input)))
                .setParallelism(lines.getParallelism())
                .uid(EvidenceDecoder.UID + "-" + input)
                .name(EvidenceDecoder.UID + "-" + input);
    }

    /**
     * The endpoint resolver. STREAMING: {@link ResolverOperator}, which stays active while evidence
     * waits in it. BATCH: Flink's batch operator, which reads the whole inventory first; there is
     * no idleness to guard against.
     */
    private SingleOutputStreamOperator<EdgeEvidence> resolve(
            StreamExecutionEnvironment env,
            KeyedStream<Evidence, Integer> evidence,
            DataStream<PodRecord> inventory) {
        EndpointResolver resolver = new EndpointResolver(settings);
        if (env.getConfiguration().get(ExecutionOptions.RUNTIME_MODE)
                == RuntimeExecutionMode.STREAMING) {
            return evidence.connect(inventory.broadcast())
                    .transform(
                            EndpointResolver.UID,
                            ModelTypes.EDGE_EVIDENCE,
                            new ResolverOperator(resolver));
        }
        return evidence.connect(inventory.broadcast(EndpointResolver.PODS_BY_IP))
                .process(resolver, ModelTypes.EDGE_EVIDENCE);
    }

    private DataStream<Evidence> withWatermarks(
            SingleOutputStreamOperator<Evidence> decoded, String input) {
        return decoded.assignTimestampsAndWatermarks(
                        WatermarkStrategy.<Evidence>forGenerator(
                                        WatermarkLag.supplier(settings.outOfOrderness(), input))
                                .withTimestampAssigner(new EvidenceTime())
                                .withIdleness(settings.idleness()))
                .setParallelism(decoded.getParallelism())
                .uid("watermarks-" + input)
                .name("watermarks-" + input);
    }
}
