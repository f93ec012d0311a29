package dev.tandem.cli.demo;

import dev.tandem.ingest.io.FileTrees;
import dev.tandem.kafka.embedded.EmbeddedKafkaBroker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the demo starts and must stop: the correlate job (and its MiniCluster), the broker and a
 * scratch folder (checkpoints, the savepoint; the broker keeps its data in a temporary folder of
 * its own and deletes it when closed). Closed once, in reverse order, at the end of the demo, after
 * an error, or on Ctrl-C (a shutdown hook).
 */
public final class DemoCleanup implements AutoCloseable {
    private final Path scratch;
    private final Thread hook;
    private EmbeddedKafkaBroker broker;
    private DemoCorrelation correlation;
    private boolean closed;

    private DemoCleanup(Path scratch) {
        this.scratch = scratch;
        this.hook = new Thread(this::close, "tandem-demo-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** A fresh scratch folder, and the hook that removes it if the process is stopped. */
    public static DemoCleanup create() throws IOException {
        return new DemoCleanup(Files.createTempDirectory("tandem-demo-"));
    }

    public Path scratch() {
        return scratch;
    }

    public synchronized EmbeddedKafkaBroker broker(EmbeddedKafkaBroker started) {
        broker = started;
        return started;
    }

    public synchronized DemoCorrelation correlation(DemoCorrelation started) {
        correlation = started;
        return started;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (correlation != null) {
                correlation.close();
            }
        } finally {
            try {
                if (broker != null) {
                    broker.close();
                }
            } finally {
                deleteScratch();
                removeHook();
            }
        }
    }

    private void deleteScratch() {
        try {
            FileTrees.delete(scratch);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + scratch, e);
        }
    }

    private void removeHook() {
        if (Thread.currentThread() == hook) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is already shutting down: the hook runs (or ran) this very method.
        }
    }
}
