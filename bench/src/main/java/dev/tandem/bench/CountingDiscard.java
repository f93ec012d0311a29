package dev.tandem.bench;

import dev.tandem.jobs.correlate.SinkBinding;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * An output that throws everything away but counts it, per label, in job accumulators named {@code
 * NAME.LABEL} (read them with {@link #counts}). Counting costs one increment per record, nothing
 * next to what any job here does per record.
 */
final class CountingDiscard {
    private CountingDiscard() {}

    /**
     * @param name the output's name, the accumulators' prefix
     * @param labels every label {@code label} can return, so that each counter exists even at 0
     * @param label the label of one record
     */
    static <T> SinkBinding<T> of(String name, List<String> labels, KeySelector<T, String> label) {
        return stream ->
                stream.filter(new Counter<>(name, labels, label))
                        .name(name + "-count")
                        .sinkTo(new DiscardingSink<>())
                        .name(name + "-discard");
    }

    /** The counts of one output, by label, from a finished job's accumulators. */
    static Map<String, Long> counts(Map<String, Object> accumulators, String name) {
        Map<String, Long> counts = new TreeMap<>();
        String prefix = name + ".";
        for (Map.Entry<String, Object> e : accumulators.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                counts.put(e.getKey().substring(prefix.length()), (Long) e.getValue());
            }
        }
        return counts;
    }

    /** The total of one output. */
    static long total(Map<String, Object> accumulators, String name) {
        return counts(accumulators, name).values().stream().mapToLong(Long::longValue).sum();
    }

    /** Counts and drops every record. */
    private static final class Counter<T> extends RichFilterFunction<T> {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final List<String> labels;
        private final KeySelector<T, String> label;
        private transient Map<String, LongCounter> counters;

        Counter(String name, List<String> labels, KeySelector<T, String> label) {
            this.name = name;
            this.labels = List.copyOf(labels);
            this.label = label;
        }

        @Override
        public void open(OpenContext openContext) {
            counters = new HashMap<>();
            for (String l : labels) {
                LongCounter counter = new LongCounter();
                getRuntimeContext().addAccumulator(name + "." + l, counter);
                counters.put(l, counter);
            }
        }

        @Override
        public boolean filter(T record) throws Exception {
            LongCounter counter = counters.get(label.getKey(record));
            if (counter == null) {
                throw new IllegalStateException("no counter for " + label.getKey(record));
            }
            counter.add(1L);
            return false;
        }
    }
}
