package dev.tandem.ingest.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A replaced file holds its old content or its new one, and no temporary file stays behind. */
class AtomicFilesTest {
    @TempDir Path folder;

    @Test
    void createsTheFileThenReplacesItsContentWhole() throws IOException {
        Path target = folder.resolve("offsets.state");

        AtomicFiles.replace(target, ".tmp", channel -> write(channel, "offset=10\n"));
        assertThat(Files.readString(target)).isEqualTo("offset=10\n");

        AtomicFiles.replace(target, ".tmp", channel -> write(channel, "offset=7\n"));
        assertThat(Files.readString(target)).isEqualTo("offset=7\n");
        assertThat(folder.resolve("offsets.state.tmp")).doesNotExist();
    }

    @Test
    void aWriterThatFailsLeavesTheOldContent() throws IOException {
        Path target = folder.resolve("journal");
        AtomicFiles.replace(target, ".next", channel -> write(channel, "old"));

        assertThatThrownBy(
                        () ->
                                AtomicFiles.replace(
                                        target,
                                        ".next",
                                        channel -> {
                                            write(channel, "half of the n");
                                            throw new IOException("disk full");
                                        }))
                .isInstanceOf(IOException.class)
                .hasMessage("disk full");

        assertThat(Files.readString(target)).isEqualTo("old");
    }

    @Test
    void writesEveryByteOfALargeBuffer() throws IOException {
        Path target = folder.resolve("large");
        byte[] content = new byte[3 << 20];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }

        AtomicFiles.replace(
                target,
                ".tmp",
                channel -> AtomicFiles.writeFully(channel, ByteBuffer.wrap(content)));

        assertThat(Files.readAllBytes(target)).isEqualTo(content);
    }

    private static void write(FileChannel channel, String text) throws IOException {
        AtomicFiles.writeFully(channel, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
    }
}
