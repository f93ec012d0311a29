package dev.tandem.bench;

import dev.tandem.ingest.detect.LogKind;
import dev.tandem.ingest.model.Evidence;
import dev.tandem.jobs.correlate.EvidenceDecoder;
import dev.tandem.jobs.correlate.EvidenceDecoderOperator;
import dev.tandem.jobs.correlate.ModelTypes;
import dev.tandem.jobs.correlate.RawLine;
import dev.tandem.jobs.correlate.ResolverKeySelector;
import dev.tandem.jobs.correlate.SourceBinding;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The correlate job's first stage alone: the same sources and the same {@link EvidenceDecoder}
 * operator (chained to its source, as in the job), into a sink that counts and drops. What the
 * correlate job costs beyond it is resolving, keying, windows and verdicts.
 *
 * <p>The keyed variants add one or two {@code keyBy} shuffles (on the job's first key, the {@link
 * ResolverKeySelector}) and nothing else: what network shuffles cost in Flink. Any job that keeps
 * state per edge pays one at least; the correlate job pays two.
 */
final class PassThroughJob {
    /** The accumulator prefix of the decoded records. */
    static final String DECODED = "decoded";

    /** The accumulator of the records that crossed the keyed variant's shuffle. */
    static final String SHUFFLED = "shuffled";

    private PassThroughJob() {}

    static void addTo(
            StreamExecutionEnvironment env,
            SourceBinding<RawLine> flows,
            SourceBinding<RawLine> proxy) {
        // As CorrelateJob does: a baseline that copied records between chained operators would
        // flatter the job.
        env.getConfig().enableObjectReuse();
        countAndDiscard(decoded(env, flows, "flows"), "flows");
        countAndDiscard(decoded(env, proxy, "proxy"), "proxy");
    }

    /**
     * The same, the two decoders' records then shuffled {@code shuffles} times by a {@code keyBy}
     * into the sink (an identity map between two, since Flink merges consecutive partitionings).
     */
    static void addKeyedTo(
            StreamExecutionEnvironment env,
            SourceBinding<RawLine> flows,
            SourceBinding<RawLine> proxy,
            int shuffles) {
        env.getConfig().enableObjectReuse();
        DataStream<Evidence> shuffled =
                decoded(env, flows, "flows")
                        .union(decoded(env, proxy, "proxy"))
                        .keyBy(new ResolverKeySelector());
        for (int i = 1; i < shuffles; i++) {
            shuffled =
                    shuffled.map(evidence -> evidence, ModelTypes.EVIDENCE)
                            .name("shuffled-" + i)
                            .keyBy(new ResolverKeySelector());
        }
        CountingDiscard.<Evidence>of(SHUFFLED, List.of("all"), e -> "all").attach(shuffled);
    }

    private static void countAndDiscard(DataStream<Evidence> decoded, String input) {
        CountingDiscard.<Evidence>of(DECODED + "-" + input, List.of("all"), e -> "all")
                .attach(decoded);
    }

    private static DataStream<Evidence> decoded(
            StreamExecutionEnvironment env, SourceBinding<RawLine> source, String input) {
        DataStream<RawLine> lines = source.attach(env);
        return lines.transform(
                        EvidenceDecoder.UID + "-" + input,
                        ModelTypes.EVIDENCE,
                        new EvidenceDecoderOperator(new EvidenceDecoder(LogKind.AUTO, input)))
                .setParallelism(lines.getParallelism())
                .name(EvidenceDecoder.UID + "-" + input);
    }
}
