package dev.tandem.cli;

import dev.tandem.recommender.RecommendProgress;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Shows a long {@code tandem recommend} run's progress on stderr: nothing during the first second
 * (a short run stays silent), then at most one line per second saying the stage and, while reading,
 * files, partitions and windows read. Once it has shown the reading, it shows where the reading
 * ended too, so the last count on the screen is the whole archive's and not a snapshot taken a
 * second before the end.
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

    /** The reading as last reported, and whether that report is on the screen. */
    private String reading;

    private boolean readingShown = true;

    ConsoleProgress(PrintWriter err, LongSupplier nanoTime) {
        this.err = err;
        this.nanoTime = nanoTime;
        this.started = nanoTime.getAsLong();
    }

    @Override
    public void stage(Stage next) {
        if (stage == Stage.READING && printed && !readingShown) {
            print(reading);
        }
        this.stage = next;
        if (next != Stage.READING && due()) {
            print(next.description() + " ...");
        }
    }

    @Override
    public void reading(long filesOpened, int filesTotal, int partitions, long windowsRead) {
        reading =
                String.format(
                        Locale.ROOT,
                        "reading the archive: %d of %d files (%d hour partitions), %d edge windows",
                        filesOpened,
                        filesTotal,
                        partitions,
                        windowsRead);
        readingShown = false;
        if (due()) {
            print(reading);
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
        readingShown = readingShown || line.equals(reading);
        lastPrinted = nanoTime.getAsLong();
        printed = true;
        err.println("recommend: " + line);
        err.flush();
    }
}
