package dev.tandem.cli;

import dev.tandem.recommender.RecommendProgress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows a long {@code tandem recommend} run's progress on stderr: nothing during the first second
 * (a short run stays silent), then at most one line per second saying the stage and, while reading,
 * files, partitions and windows read.
 */
final class ConsoleProgress implements RecommendProgress {
    static final long QUIET_NANOS = 1_000_000_000L;
    static final long INTERVAL_NANOS = 1_000_000_000L;

    private final PrintWriter err;
    private final LongSupplier nanoTime;
    private final long started;
    private long lastPrinted;
    private boolean printed;
    private Stage stage;

    ConsoleProgress(PrintWriter err, LongSupplier nanoTime) {
        this.err = err;
        this.nanoTime = nanoTime;
        this.started = nanoTime.getAsLong();
    }

    @Override
    public void stage(Stage next) {
        this.stage = next;
        if (next != Stage.READING && due()) {
            print(next.description() + " ...");
        }
    }

    @Override
    public void reading(long filesOpened, int filesTotal, int partitions, long windowsRead) {
        if (due()) {
            print(
                    String.format(
                            Locale.ROOT,
                            "reading the archive: %d of %d files (%d hour partitions), %,d edge windows",
                            filesOpened,
                            filesTotal,
                            partitions,
                            windowsRead));
        }
    }

    /** The stage last begun, or null. */
    Stage stage() {
        return stage;
    }

    private boolean due() {
        long now = nanoTime.getAsLong();
        if (now - started < QUIET_NANOS) {
            return false;
        }
        return !printed || now - lastPrinted >= INTERVAL_NANOS;
    }

    private void print(String line) {
        lastPrinted = nanoTime.getAsLong();
        printed = true;
        err.println("recommend: " + line);
        err.flush();
    }
}
