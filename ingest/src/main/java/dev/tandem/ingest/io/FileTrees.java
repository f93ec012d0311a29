package dev.tandem.ingest.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** Removing a folder with everything in it, one way for every module that replaces its outputs. */
public final class FileTrees {
    private FileTrees() {}

    /**
     * Deletes {@code root} (a file or a folder with everything in it); nothing when it does not
     * exist. A link inside is deleted, never followed.
     */
    public static void delete(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> deepestFirst;
        try (Stream<Path> walk = Files.walk(root)) {
            deepestFirst = walk.sorted(Comparator.reverseOrder()).toList();
        }
        for (Path path : deepestFirst) {
            Files.deleteIfExists(path);
        }
    }
}
