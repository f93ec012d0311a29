package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.recommender.RecommendProgress.Stage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ConsoleProgressTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 5_000 * MS;

    private final StringWriter err = new StringWriter();
    private final AtomicLong now = new AtomicLong(T0);
    private final ConsoleProgress progress =
            new ConsoleProgress(new PrintWriter(err, true), now::get);

    @Test
    void aShortRunPrintsNothing() {
        progress.stage(Stage.READING);
        for (int i = 1; i <= 100; i++) {
            now.set(T0 + i * 9 * MS);
            progress.reading(i, 100, 3, i * 8192L);
        }
        progress.stage(Stage.PLANNING);
        progress.stage(Stage.SIMULATING);
        progress.stage(Stage.WRITING);

        assertThat(err.toString()).isEmpty();
        assertThat(progress.stage()).isEqualTo(Stage.WRITING);
    }

    @Test
    void aLongRunPrintsAtMostOneLineASecond() {
        progress.stage(Stage.READING);
        // Ten seconds of reading, a call every 10 ms: a line at 1 s, 2 s, ... 10 s.
        for (int i = 1; i <= 1000; i++) {
            now.set(T0 + i * 10 * MS);
            progress.reading(i / 100 + 1, 11, 4, i * 8192L);
        }
        now.addAndGet(300 * MS);
        progress.stage(Stage.PLANNING);
        now.addAndGet(1200 * MS);
        progress.stage(Stage.WRITING);

        assertThat(err.toString().lines())
                .hasSize(11)
                .first()
                .isEqualTo(
                        "recommend: reading the archive: 2 of 11 files (4 hour partitions), 819200 edge windows");
        assertThat(err.toString().lines().toList())
                .last()
                .isEqualTo("recommend: writing policies and reports ...");
        assertThat(err.toString()).doesNotContain("planning");
    }

    /** The last count on the screen is where the reading ended, not a snapshot from before. */
    @Test
    void aShownReadingEndsWithTheFinalCount() {
        progress.stage(Stage.READING);
        now.set(T0 + 1000 * MS);
        progress.reading(1, 3, 2, 8192);
        now.set(T0 + 1400 * MS);
        progress.reading(3, 3, 2, 21_000);
        progress.stage(Stage.PLANNING);

        assertThat(err.toString().lines())
                .containsExactly(
                        "recommend: reading the archive: 1 of 3 files (2 hour partitions), 8192 edge"
                                + " windows",
                        "recommend: reading the archive: 3 of 3 files (2 hour partitions), 21000 edge"
                                + " windows");
    }
}
