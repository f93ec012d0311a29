package dev.tandem.bench;

import dev.tandem.jobs.correlate.ModelTypes;
import dev.tandem.jobs.correlate.RawLine;
import dev.tandem.jobs.correlate.SourceBinding;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Replays lines held in this JVM's memory into a job running on a MiniCluster in the same JVM, at
 * almost no cost: the source is a sequence of numbers and each number picks its line from the
 * shelf. The lines stay out of the job graph on purpose: {@code fromData} would serialize hundreds
 * of megabytes into it and deserialize them inside the timed run.
 *
 * <p>The shelf is static because a MiniCluster's tasks can reach nothing else of the caller's;
 * {@link #close} takes the lines off it.
 */
final class ReplayedLines implements AutoCloseable {
    private static final Map<String, List<RawLine>> SHELF = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();
    private final int size;

    ReplayedLines(List<RawLine> lines) {
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("nothing to replay");
        }
        SHELF.put(id, List.copyOf(lines));
        this.size = lines.size();
    }

    /** A bounded source of the lines, in order, at the environment's parallelism. */
    SourceBinding<RawLine> source(String name) {
        String shelf = id;
        long last = size - 1L;
        return env ->
                env.fromSequence(0, last)
                        .name(name + "-sequence")
                        .map(new Pick(shelf), ModelTypes.RAW_LINE)
                        .name(name + "-replay");
    }

    @Override
    public void close() {
        SHELF.remove(id);
    }

    /** The line at a position of the shelf. */
    private static final class Pick implements MapFunction<Long, RawLine> {
        private static final long serialVersionUID = 1L;
        private final String shelf;
        private transient List<RawLine> lines;

        Pick(String shelf) {
            this.shelf = shelf;
        }

        @Override
        public RawLine map(Long position) {
            if (lines == null) {
                lines = SHELF.get(shelf);
                if (lines == null) {
                    throw new IllegalStateException("the replayed lines were closed: " + shelf);
                }
            }
            return lines.get(position.intValue());
        }
    }
}
