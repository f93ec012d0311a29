package dev.tandem.jobs.analyze;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Clears the {@code edges/} folder of an earlier {@code analyze} run: Flink's part files have fresh
 * names each run, so without this a second run into the same folder would archive every window
 * twice. Only a folder that looks like an archive (nothing but {@code day=} partitions) is removed;
 * anything else there is the user's and stops the run.
 */
final class ArchiveFolder {
    private ArchiveFolder() {}

    static void replace(Path archive) throws IOException {
        if (!Files.exists(archive)) {
            return;
        }
        if (!Files.isDirectory(archive)) {
            throw new IOException("cannot write the archive " + archive + ": it is a file");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(archive)) {
            for (Path entry : entries) {
                if (!entry.getFileName().toString().startsWith("day=")
                        || !Files.isDirectory(entry)) {
                    throw new IOException(
                            "cannot replace the archive "
                                    + archive
                                    + ": it holds "
                                    + entry.getFileName()
                                    + ", which is not an archive partition");
                }
            }
        }
        List<Path> all;
        try (Stream<Path> walk = Files.walk(archive)) {
            all = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : all) {
            Files.delete(path);
        }
    }
}
