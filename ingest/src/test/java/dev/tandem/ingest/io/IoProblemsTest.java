package dev.tandem.ingest.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IoProblemsTest {
    @TempDir Path dir;

    @Test
    void namesTheCauseAndThePathTheJdkPutsAsTheWholeMessage() {
        assertThat(IoProblems.describe(new AccessDeniedException("/data/out")))
                .isEqualTo("permission denied (/data/out)");
        assertThat(IoProblems.describe(new NoSuchFileException("/data/in.log")))
                .isEqualTo("no such file or folder (/data/in.log)");
    }

    /** For a caller that names the path itself. */
    @Test
    void theCauseAloneLeavesThePathOut() {
        assertThat(IoProblems.cause(new AccessDeniedException("/out/summary.json")))
                .isEqualTo("permission denied");
    }

    @Test
    void keepsTheReasonOfOtherFileSystemErrors() {
        assertThat(
                        IoProblems.describe(
                                new FileSystemException(
                                        "/data/out", null, "No space left on device")))
                .isEqualTo("no space left on device (/data/out)");
    }

    @Test
    void aFileInTheWayOfAFolderIsNamedSo() throws IOException {
        Path file = Files.writeString(dir.resolve("report"), "x");
        assertThat(describeFailure(() -> Files.createDirectories(file)))
                .isEqualTo("it already exists (" + file + ")");
        assertThat(describeFailure(() -> Files.createDirectories(file.resolve("sub"))))
                .isEqualTo("not a directory (" + file.resolve("sub") + ")");
    }

    private interface FileAction {
        void run() throws IOException;
    }

    private static String describeFailure(FileAction action) {
        try {
            action.run();
        } catch (IOException e) {
            return IoProblems.describe(e);
        }
        throw new AssertionError("the file action succeeded");
    }

    @Test
    void anyOtherErrorKeepsTheFirstLineOfItsMessage() {
        assertThat(IoProblems.describe(new IOException("Stream closed\n\tat somewhere")))
                .isEqualTo("stream closed");
        assertThat(IoProblems.describe(new IOException())).isEqualTo("IOException");
    }
}
