package dev.tandem.bench;

import dev.tandem.ingest.detect.LogKind;
import dev.tandem.ingest.model.Evidence;
import dev.tandem.jobs.correlate.EvidenceDecoder;
import dev.tandem.jobs.correlate.ModelTypes;
import dev.tandem.jobs.correlate.RawLine;
import dev.tandem.jobs.correlate.SourceBinding;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The correlate job's first stage alone: the same sources and the same {@link EvidenceDecoder}
 * operator (chained to its source, as in the job), into a sink that counts and drops. What the
 * correlate job costs beyond it is resolving, keying, windows and verdicts.
 */
final class PassThroughJob {
    /** The accumulator prefix of the decoded records. */
    static final String DECODED = "decoded";

    private PassThroughJob() {}

    static void addTo(
            StreamExecutionEnvironment env,
            SourceBinding<RawLine> flows,
            SourceBinding<RawLine> proxy) {
        // As CorrelateJob does: a baseline that copied records between chained operators would
        // flatter the job.
        env.getConfig().enableObjectReuse();
        decode(env, flows, "flows");
        decode(env, proxy, "proxy");
    }

    private static void decode(
            StreamExecutionEnvironment env, SourceBinding<RawLine> source, String input) {
        DataStream<RawLine> lines = source.attach(env);
        DataStream<Evidence> decoded =
                lines.process(new EvidenceDecoder(LogKind.AUTO, input), ModelTypes.EVIDENCE)
                        .setParallelism(lines.getParallelism())
                        .name(EvidenceDecoder.UID + "-" + input);
        CountingDiscard.<Evidence>of(DECODED + "-" + input, List.of("all"), e -> "all")
                .attach(decoded);
    }
}
