package dev.tandem.jobs.correlate;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.model.EdgeWindow;
import java.io.Serializable;
import java.util.Objects;

/**
 * The outputs of the correlate job. The Parquet archive plugs in as one more {@link SinkBinding} on
 * {@code edges} (bind several with {@link #alsoTo}).
 *
 * @param edges every edge window with its verdict ({@code tandem.edges}, the archive)
 * @param findings the windows whose verdict is a finding ({@code tandem.alerts}, {@code
 *     findings.jsonl})
 * @param deadLetters lines that could not be decoded and evidence that could not be placed
 * @param late evidence that arrived after its window was judged
 */
public record CorrelateSinks(
        SinkBinding<EdgeWindow> edges,
        SinkBinding<EdgeWindow> findings,
        SinkBinding<DeadLetter> deadLetters,
        SinkBinding<EdgeEvidence> late)
        implements Serializable {
    public CorrelateSinks {
        Objects.requireNonNull(edges, "edges");
        Objects.requireNonNull(findings, "findings");
        Objects.requireNonNull(deadLetters, "deadLetters");
        Objects.requireNonNull(late, "late");
    }

    /** Both bindings, for one output that goes two places. */
    public static <T> SinkBinding<T> alsoTo(SinkBinding<T> first, SinkBinding<T> second) {
        return stream -> {
            first.attach(stream);
            second.attach(stream);
        };
    }
}
