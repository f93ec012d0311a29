package dev.tandem.jobs.analyze;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code analyze} replaces its outputs: only complete, never half. Real files, no Flink. */
class OutputFolderTest {
    @TempDir Path dir;

    @Test
    void aFileInThePathIsNamedAsAFileNotAMissingFolder() throws Exception {
        Path regular = Files.writeString(dir.resolve("regular.txt"), "x");

        assertThatThrownBy(() -> OutputFolder.checkWritable(regular.resolve("sub")))
                .isInstanceOf(AnalyzeException.class)
                .hasMessage(
                        "cannot write "
                                + regular.resolve("sub")
                                + ": "
                                + regular
                                + " is a file, not a folder");
        assertThatThrownBy(() -> OutputFolder.checkWritable(regular))
                .hasMessage("cannot write " + regular + ": it is a file, not a folder");
    }

    @Test
    void checkingChangesNothingAndOpeningCreatesTheMissingParents() throws Exception {
        Path out = dir.resolve("a/b/out");

        OutputFolder.checkWritable(out);
        assertThat(dir.resolve("a")).doesNotExist();

        OutputFolder folder = OutputFolder.open(out);
        assertThat(folder.staged(OutputFolder.EDGES)).isEmptyDirectory();
        assertThat(folder.staged(OutputFolder.EDGES).getParent().getParent()).isEqualTo(out);
    }

    @Test
    void aCommitReplacesEveryPreviousOutputAndLeavesNoStagingFolder() throws Exception {
        Path out = dir.resolve("out");
        previousRun(out);

        OutputFolder folder = OutputFolder.open(out);
        writeAll(folder, "new");
        folder.commit();

        assertThat(out.resolve("summary.json")).hasContent("new");
        assertThat(out.resolve("findings.jsonl")).hasContent("new");
        assertThat(out.resolve("deadletter.jsonl")).hasContent("new");
        assertThat(out.resolve("edges")).isEmptyDirectory();
        assertThat(entries(out))
                .containsExactlyInAnyOrder(
                        "edges", "findings.jsonl", "deadletter.jsonl", "summary.json");
    }

    @Test
    void aRunThatDoesNotCompleteLeavesThePreviousOutputsAsTheyWere() throws Exception {
        Path out = dir.resolve("out");
        previousRun(out);

        OutputFolder folder = OutputFolder.open(out);
        writeAll(folder, "new");
        folder.discard();

        assertPreviousRun(out);
        assertThat(entries(out)).noneMatch(name -> name.startsWith(OutputFolder.STAGING_PREFIX));
    }

    @Test
    void aSwapThatFailsHalfWayPutsThePreviousOutputsBack() throws Exception {
        Path out = dir.resolve("out");
        previousRun(out);
        OutputFolder folder = OutputFolder.open(out);
        // Everything but deadletter.jsonl: edges/ and findings.jsonl move in, then a move fails.
        Files.writeString(folder.staged(OutputFolder.FINDINGS), "new");
        Files.writeString(folder.staged(OutputFolder.SUMMARY), "new");

        assertThatThrownBy(folder::commit)
                .isInstanceOf(AnalyzeException.class)
                .hasMessage(
                        "cannot replace "
                                + out.resolve("deadletter.jsonl")
                                + ": no such file or folder");
        folder.discard();

        assertPreviousRun(out);
        assertThat(entries(out)).noneMatch(name -> name.startsWith(OutputFolder.STAGING_PREFIX));
    }

    @Test
    void theStagingFolderOfAKilledRunIsRemovedByTheNextRun() throws Exception {
        Path out = dir.resolve("out");
        previousRun(out);
        Path leftover = out.resolve(OutputFolder.STAGING_PREFIX + "123");
        Files.createDirectories(leftover.resolve("edges/day=2026-11-20"));
        Files.writeString(leftover.resolve("summary.json"), "half");

        OutputFolder.open(out).discard();

        assertThat(leftover).doesNotExist();
        assertPreviousRun(out);
    }

    @Test
    void aFolderWhereAnOutputFileGoesIsNeverReplaced() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("summary.json"));
        Files.writeString(out.resolve("summary.json/mine.txt"), "mine");

        assertThatThrownBy(() -> OutputFolder.open(out))
                .isInstanceOf(AnalyzeException.class)
                .hasMessage(
                        "cannot replace "
                                + out.resolve("summary.json")
                                + ": it is a folder, not a file");
        assertThat(out.resolve("summary.json/mine.txt")).hasContent("mine");
    }

    @Test
    void anEdgesFolderHoldingMoreThanPartitionsIsNeverReplaced() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out.resolve("edges"));
        Files.writeString(out.resolve("edges/notes.txt"), "mine");

        assertThatThrownBy(() -> OutputFolder.open(out))
                .isInstanceOf(AnalyzeException.class)
                .hasMessageContaining("notes.txt, which is not an archive partition");
        assertThat(entries(out)).containsExactly("edges");
    }

    private static void previousRun(Path out) throws Exception {
        Files.createDirectories(out.resolve("edges/day=2026-11-19/hour=10"));
        Files.writeString(out.resolve("edges/day=2026-11-19/hour=10/part-old.parquet"), "old");
        Files.writeString(out.resolve("findings.jsonl"), "old");
        Files.writeString(out.resolve("deadletter.jsonl"), "old");
        Files.writeString(out.resolve("summary.json"), "old");
    }

    private static void assertPreviousRun(Path out) {
        assertThat(out.resolve("edges/day=2026-11-19/hour=10/part-old.parquet")).hasContent("old");
        assertThat(out.resolve("findings.jsonl")).hasContent("old");
        assertThat(out.resolve("deadletter.jsonl")).hasContent("old");
        assertThat(out.resolve("summary.json")).hasContent("old");
    }

    private static void writeAll(OutputFolder folder, String content) throws Exception {
        for (String file :
                List.of(OutputFolder.FINDINGS, OutputFolder.DEAD_LETTERS, OutputFolder.SUMMARY)) {
            Files.writeString(folder.staged(file), content);
        }
    }

    private static List<String> entries(Path folder) throws Exception {
        try (Stream<Path> paths = Files.list(folder)) {
            return paths.map(p -> p.getFileName().toString()).toList();
        }
    }
}
