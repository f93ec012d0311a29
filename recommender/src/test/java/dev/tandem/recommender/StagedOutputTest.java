package dev.tandem.recommender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StagedOutputTest {
    private static final List<String> LAYERS = List.of("policies/calico", "policies/istio");

    @TempDir Path out;

    /** The previous run: a report and the policies of two namespaces. */
    @BeforeEach
    void previousRun() throws IOException {
        write("report.md", "old report");
        write("policies/calico/shop.yaml", "old shop");
        write("policies/calico/gone.yaml", "old gone");
        write("policies/calico/README.txt", "the user's own notes");
    }

    @Test
    void aCommittedRunReplacesTheFilesAndRemovesPoliciesOfNamespacesThatAreGone()
            throws IOException {
        StagedOutput run = StagedOutput.in(out);
        run.write("report.md", "new report");
        run.write("policies/calico/shop.yaml", "new shop");
        run.write("policies/istio/shop.yaml", "new istio shop");

        List<Path> written = run.commit(LAYERS);

        assertThat(written)
                .containsExactly(
                        Path.of("policies/calico/shop.yaml"),
                        Path.of("policies/istio/shop.yaml"),
                        Path.of("report.md"));
        assertThat(read("report.md")).isEqualTo("new report");
        assertThat(read("policies/calico/shop.yaml")).isEqualTo("new shop");
        assertThat(read("policies/istio/shop.yaml")).isEqualTo("new istio shop");
        assertThat(out.resolve("policies/calico/gone.yaml")).doesNotExist();
        assertThat(read("policies/calico/README.txt")).isEqualTo("the user's own notes");
        assertThat(out.resolve(StagedOutput.STAGING)).doesNotExist();
    }

    /**
     * A run that fails before it commits (the archive could not be read, a kill) changes nothing.
     */
    @Test
    void aDiscardedRunLeavesThePreviousOneWhole() throws IOException {
        StagedOutput run = StagedOutput.in(out);
        run.write("report.md", "new report");
        run.write("policies/calico/shop.yaml", "new shop");

        run.discard();

        assertThat(read("report.md")).isEqualTo("old report");
        assertThat(read("policies/calico/shop.yaml")).isEqualTo("old shop");
        assertThat(read("policies/calico/gone.yaml")).isEqualTo("old gone");
        assertThat(out.resolve(StagedOutput.STAGING)).doesNotExist();
    }

    /**
     * A folder it cannot put files in (here a file in the way; a folder without write permission
     * fails the same check, but tests may run as root) fails the commit before any file moves or
     * goes: the previous run stays whole, not new Calico policies beside an old report.
     */
    @Test
    void aFolderItCannotWriteFailsTheCommitBeforeAnythingChanges() throws IOException {
        write("policies/istio", "a file where a folder should be");
        StagedOutput run = StagedOutput.in(out);
        run.write("report.md", "new report");
        run.write("policies/calico/shop.yaml", "new shop");
        run.write("policies/istio/shop.yaml", "new istio shop");

        assertThatThrownBy(() -> run.commit(LAYERS)).isInstanceOf(FileAlreadyExistsException.class);

        assertThat(read("report.md")).isEqualTo("old report");
        assertThat(read("policies/calico/shop.yaml")).isEqualTo("old shop");
        assertThat(read("policies/calico/gone.yaml")).isEqualTo("old gone");
    }

    @Test
    void aStagingFolderLeftByAKilledRunIsClearedByTheNext() throws IOException {
        write(StagedOutput.STAGING + "/policies/calico/half.yaml", "half written");

        StagedOutput run = StagedOutput.in(out);
        run.write("report.md", "new report");
        run.commit(LAYERS);

        assertThat(out.resolve("policies/calico/half.yaml")).doesNotExist();
        try (Stream<Path> files = Files.list(out)) {
            assertThat(files.map(f -> f.getFileName().toString()))
                    .containsExactlyInAnyOrder("report.md", "policies");
        }
    }

    private void write(String relative, String content) throws IOException {
        Path file = out.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, content);
    }

    private String read(String relative) throws IOException {
        return Files.readString(out.resolve(relative));
    }
}
