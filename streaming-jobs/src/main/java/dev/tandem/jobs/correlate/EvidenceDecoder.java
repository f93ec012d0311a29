package dev.tandem.jobs.correlate;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.DeadLetters;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.detect.LogKind;
import dev.tandem.ingest.detect.LogStreamDecoder;
import dev.tandem.ingest.io.BoundedLineReader;
import dev.tandem.ingest.model.Evidence;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes raw log lines into kernel flows and proxy requests with the very same {@link
 * LogStreamDecoder} that {@code tandem decode} and the shipper use; lines it cannot read go to
 * {@link #DEAD_LETTERS}. Never throws: an unexpected failure costs the line, as a dead letter.
 *
 * <p>{@link LogStreamDecoder} keeps state only to join CRI partial ({@code P}) lines, and only
 * within one stream. This operator keeps one decoder per stream name, so it is correct as long as
 * all lines of one stream reach one subtask in order, which is what a file split or a Kafka
 * partition gives when the operator is chained to its source. The decoders live in memory only (not
 * in Flink state): after a restore, a CRI record split across the restore point is lost, one record
 * at most per stream. The map is bounded ({@link #MAX_STREAMS}, least recently used out); a CRI
 * record still waiting for its last piece in a decoder that goes out is a dead letter, as it is at
 * the end of a bounded input ({@link #finish}, called by {@link EvidenceDecoderOperator}).
 */
public final class EvidenceDecoder extends ProcessFunction<RawLine, Evidence> {
    private static final long serialVersionUID = 1L;

    /** Stable operator id, for savepoints. */
    public static final String UID = "evidence-decoder";

    /** Where the lines that could not be decoded go. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", ModelTypes.DEAD_LETTER) {};

    /** Accumulator counting the lines decoded into a record. */
    public static final String RECORDS_ACCUMULATOR = "tandem.records";

    static final int MAX_STREAMS = 1024;

    private final LogKind kind;
    private final String source;
    private transient Map<String, LogStreamDecoder> decoders;

    /** Decoders the map let go of, to be finished before the next line. */
    private transient List<LogStreamDecoder> evicted;

    private transient LongCounter records;
    private transient Counter linesIn;
    private transient DeadLetterCounters deadLetters;

    /**
     * @param kind what the lines hold; {@link LogKind#AUTO} detects it per line
     * @param source the input's name in metrics ({@code flows}, {@code proxy})
     */
    public EvidenceDecoder(LogKind kind, String source) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.source = Objects.requireNonNull(source, "source");
    }

    @Override
    public void open(OpenContext openContext) {
        evicted = new ArrayList<>();
        decoders =
                new LinkedHashMap<>(16, 0.75f, true) {
                    private static final long serialVersionUID = 1L;

                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, LogStreamDecoder> e) {
                        if (size() <= MAX_STREAMS) {
                            return false;
                        }
                        evicted.add(e.getValue());
                        return true;
                    }
                };
        records = new LongCounter();
        getRuntimeContext().addAccumulator(RECORDS_ACCUMULATOR, records);
        MetricGroup metrics = getRuntimeContext().getMetricGroup();
        linesIn = TandemMetrics.recordsIn(metrics, source);
        deadLetters = DeadLetterCounters.register(metrics);
        TandemMetrics.group(metrics)
                .gauge(TandemMetrics.DECODER_STREAMS, (Gauge<Integer>) decoders::size);
    }

    @Override
    public void processElement(RawLine line, Context ctx, Collector<Evidence> out) {
        linesIn.inc();
        try {
            LogStreamDecoder decoder =
                    decoders.computeIfAbsent(line.stream(), s -> new LogStreamDecoder(kind, s));
            Consumer<Decoded<Evidence>> emit = decoded -> emit(decoded, ctx, out);
            decoder.accept(
                    new BoundedLineReader.Line(
                            line.bytes(), line.bytes().length, line.position(), line.fullLength()),
                    emit);
            // Only when the line made room for its stream by letting another decoder go.
            if (!evicted.isEmpty()) {
                finishEvicted(emit);
            }
        } catch (RuntimeException e) {
            // The decoders promise never to throw; if one ever does, the line is lost, the job not.
            Decoded<Evidence> failed =
                    DeadLetters.fail(
                            "correlate:" + line.stream(),
                            line.position(),
                            DeadLetterReason.INVALID_FIELD,
                            "decoder failed unexpectedly: " + DeadLetters.oneLine(e.toString()),
                            line.bytes(),
                            0,
                            line.bytes().length);
            ctx.output(DEAD_LETTERS, deadLetters.count(failed.deadLetter()));
        }
    }

    /**
     * The end of the input: what every decoder still holds (CRI records without their last piece)
     * goes out, as dead letters.
     */
    void finish(Consumer<Evidence> recordsOut, Consumer<DeadLetter> deadLettersOut) {
        evicted.addAll(decoders.values());
        decoders.clear();
        finishEvicted(
                decoded -> {
                    if (decoded.isOk()) {
                        records.add(1L);
                        recordsOut.accept(decoded.value());
                    } else {
                        deadLettersOut.accept(deadLetters.count(decoded.deadLetter()));
                    }
                });
    }

    private void finishEvicted(Consumer<Decoded<Evidence>> out) {
        for (LogStreamDecoder decoder : evicted) {
            decoder.finish(out);
        }
        evicted.clear();
    }

    private void emit(Decoded<Evidence> decoded, Context ctx, Collector<Evidence> out) {
        if (decoded.isOk()) {
            records.add(1L);
            out.collect(decoded.value());
        } else {
            ctx.output(DEAD_LETTERS, deadLetters.count(decoded.deadLetter()));
        }
    }
}
