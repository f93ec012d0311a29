package dev.tandem.jobs.analyze;

import dev.tandem.jobs.correlate.SinkBinding;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.util.CloseableIterator;

/**
 * An output collected back to the client ({@code DataStream.collectAsync}), drained on its own
 * thread so that one full collect buffer cannot stall the others.
 */
final class Collected<T> {
    private CloseableIterator<T> iterator;

    /** The binding to give the job; it opens the iterator when the graph is built. */
    SinkBinding<T> binding() {
        return stream -> iterator = stream.collectAsync();
    }

    CompletableFuture<List<T>> drain() {
        CloseableIterator<T> it = iterator;
        return CompletableFuture.supplyAsync(
                () -> {
                    List<T> all = new ArrayList<>();
                    try (it) {
                        it.forEachRemaining(all::add);
                    } catch (Exception e) {
                        throw new IllegalStateException("collecting the job's output failed", e);
                    }
                    return all;
                });
    }
}
