package dev.tandem.jobs.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the checkpoint a restarted {@code tandem correlate} resumes from. */
class LocalCorrelateEnvironmentTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir Path dir;

    @Test
    void noFolderOrNoCheckpointMeansAFreshStart() throws Exception {
        assertThat(LocalCorrelateEnvironment.latestCheckpoint(dir.resolve("missing"))).isEmpty();
        Files.createDirectories(dir.resolve("job-a/shared"));
        Files.createDirectories(dir.resolve("job-a/taskowned"));
        assertThat(LocalCorrelateEnvironment.latestCheckpoint(dir)).isEmpty();
    }

    @Test
    void picksTheNewestCompleteCheckpointAcrossRuns() throws Exception {
        checkpoint("job-a/chk-7", T0);
        Path newest = checkpoint("job-b/chk-2", T0.plusSeconds(60));
        checkpoint("job-b/chk-1", T0.plusSeconds(30));
        // A checkpoint still being written has no _metadata yet.
        Files.createDirectories(dir.resolve("job-b/chk-3"));

        assertThat(LocalCorrelateEnvironment.latestCheckpoint(dir)).contains(newest);
    }

    @Test
    void refusesAParallelismBelowOne() {
        assertThatThrownBy(
                        () ->
                                LocalCorrelateEnvironment.create(
                                        0, dir, Duration.ofSeconds(10), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("parallelism");
    }

    private Path checkpoint(String relative, Instant written) throws Exception {
        Path chk = Files.createDirectories(dir.resolve(relative));
        Path metadata = Files.writeString(chk.resolve("_metadata"), "x");
        Files.setLastModifiedTime(metadata, FileTime.from(written));
        return chk;
    }
}
