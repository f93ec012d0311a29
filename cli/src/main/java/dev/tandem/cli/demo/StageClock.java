package dev.tandem.cli.demo;

import java.io.PrintWriter;
import java.util.Locale;

/** Numbers the demo's stages and says how long each took, one line per stage. */
public final class StageClock {
    private final PrintWriter out;
    private final int stages;
    private int stage;
    private long started;

    public StageClock(PrintWriter out, int stages) {
        this.out = out;
        this.stages = stages;
    }

    /** Announces the next stage. */
    public void begin(String what) {
        stage++;
        started = System.nanoTime();
        out.printf(Locale.ROOT, "[%d/%d] %s%n", stage, stages, what);
        out.flush();
    }

    /** Reports the current stage's result and its duration. */
    public void done(String result) {
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(Locale.ROOT, "      %s (%.1f s)%n", result, seconds);
        out.flush();
    }

    /** A line under the current stage. */
    public void detail(String line) {
        out.println("      " + line);
        out.flush();
    }
}
