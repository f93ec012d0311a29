package dev.tandem.jobs.analyze;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class IoErrorsTest {
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
