package dev.tandem.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoFolderTest {
    @TempDir Path dir;

    @Test
    void aPreviousDemoIsReplacedAndWhatItDidNotWriteIsKept() throws IOException {
        DemoFolder folder = new DemoFolder(dir);
        Files.createDirectories(folder.scenario());
        Files.writeString(folder.scenario().resolve("scenario.json"), "{}");
        Files.createDirectories(folder.recommendations().resolve("policies"));
        Files.writeString(folder.recommendations().resolve("report.html"), "old");
        Files.writeString(folder.alerts(), "old");
        Files.writeString(dir.resolve("my-notes.txt"), "mine");

        folder.prepare();

        assertThat(folder.scenario()).doesNotExist();
        assertThat(folder.recommendations()).doesNotExist();
        assertThat(folder.alerts()).doesNotExist();
        assertThat(dir.resolve("my-notes.txt")).hasContent("mine");
    }

    @Test
    void aFolderWithoutADemoIsRefusedUntouched() throws IOException {
        Files.writeString(dir.resolve("report.html"), "someone else's");

        assertThatThrownBy(() -> new DemoFolder(dir).prepare())
                .isInstanceOf(IOException.class)
                .hasMessageContaining("pick an empty folder");
        assertThat(dir.resolve("report.html")).hasContent("someone else's");
    }

    @Test
    void aMissingFolderIsCreated() throws IOException {
        DemoFolder folder = new DemoFolder(dir.resolve("new/demo"));

        folder.prepare();

        assertThat(folder.root()).isEmptyDirectory();
    }
}
