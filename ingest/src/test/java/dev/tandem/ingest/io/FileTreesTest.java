package dev.tandem.ingest.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreesTest {
    @TempDir Path dir;

    @Test
    void deletesAFolderWithEverythingInIt() throws IOException {
        Path root = dir.resolve("out");
        Files.createDirectories(root.resolve("a/b"));
        Files.writeString(root.resolve("a/b/file.txt"), "x");
        Files.writeString(root.resolve("top.txt"), "y");

        FileTrees.delete(root);

        assertThat(root).doesNotExist();
    }

    @Test
    void aMissingPathIsNothingToDo() throws IOException {
        FileTrees.delete(dir.resolve("never-made"));

        assertThat(dir).isEmptyDirectory();
    }

    /** A link in the tree goes, what it points to stays: a staging folder never deletes outside. */
    @Test
    void aLinkInsideIsDeletedNotFollowed() throws IOException {
        Path outside = Files.createDirectories(dir.resolve("keep"));
        Files.writeString(outside.resolve("precious.txt"), "z");
        Path root = Files.createDirectories(dir.resolve("staging"));
        Files.createSymbolicLink(root.resolve("link"), outside);

        FileTrees.delete(root);

        assertThat(root).doesNotExist();
        assertThat(outside.resolve("precious.txt")).hasContent("z");
    }
}
