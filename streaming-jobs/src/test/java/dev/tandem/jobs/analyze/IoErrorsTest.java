package dev.tandem.jobs.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class IoErrorsTest {
    @Test
    void namesTheCauseThatTheJdkLeavesOutOfTheMessage() {
        // The JDK's message is the path alone: printed as it is, it hid the cause.
        AccessDeniedException denied = new AccessDeniedException("/out/summary.json");

        assertThat(denied.getMessage()).isEqualTo("/out/summary.json");
        assertThat(IoErrors.describe(denied)).isEqualTo("permission denied");
        assertThat(
                        IoErrors.describe(
                                new FileSystemException(
                                        "/out/edges", null, "No space left on device")))
                .isEqualTo("no space left on device");
        assertThat(IoErrors.describe(new IOException("Stream closed\n\tat somewhere")))
                .isEqualTo("stream closed");
    }

    @Test
    void findsTheInnermostIoFailureUnderAFailedJob() {
        // Shaped as a failed collect reports a FileSink that could not create its folder.
        IOException root = new IOException("Failed to create the parent directory: /out/edges");
        ExecutionException failure =
                new ExecutionException(
                        new IllegalStateException(
                                "collecting the job's output failed",
                                new RuntimeException(
                                        "Failed to fetch next result",
                                        new IOException(
                                                "Failed to fetch job execution result",
                                                new RuntimeException(
                                                        "Job execution failed.", root)))));

        assertThat(IoErrors.innermost(failure)).containsSame(root);
        assertThat(IoErrors.innermost(new ExecutionException(new IllegalStateException("bug"))))
                .isEmpty();
    }
}
