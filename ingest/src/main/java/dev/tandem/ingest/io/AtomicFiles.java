package dev.tandem.ingest.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Replaces a small file so that a crash leaves either its old content or its new one, never a mix:
 * the new content goes to a sibling file, is forced to disk and renamed over the old file, and the
 * folder is then forced so that the rename itself survives a power loss. For the state files that
 * say where a process goes on after a restart (ship's offsets, notify's delivery journal).
 */
public final class AtomicFiles {
    private AtomicFiles() {}

    /** Writes the new content to the channel of the sibling file. */
    @FunctionalInterface
    public interface Content {
        void writeTo(FileChannel channel) throws IOException;
    }

    /**
     * Replaces {@code target} with what {@code content} writes, through the sibling file named
     * {@code target} + {@code suffix} (left behind, and overwritten next time, if writing fails).
     */
    public static void replace(Path target, String suffix, Content content) throws IOException {
        Path temporary = target.resolveSibling(target.getFileName() + suffix);
        try (FileChannel channel =
                FileChannel.open(
                        temporary,
                        StandardOpenOption.CREATE,
                        StandardOpenOption.TRUNCATE_EXISTING,
                        StandardOpenOption.WRITE)) {
            content.writeTo(channel);
            channel.force(true);
        }
        try {
            Files.move(
                    temporary,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
        forceFolder(target.toAbsolutePath().getParent());
    }

    /** Writes all of {@code bytes}: one {@code write} may take only part of them. */
    public static void writeFully(FileChannel channel, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
    }

    private static void forceFolder(Path folder) {
        try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException e) {
            // Some platforms cannot open or force a folder; the rename is still atomic.
        }
    }
}
