package dev.tandem.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Opens the input files a command names, where {@code -} is standard input. */
final class InputFiles {
    static final String STDIN = "-";

    private InputFiles() {}

    /**
     * Checks every input before any is read, so that a typo in the third file does not leave a
     * half-written output behind.
     */
    static void checkReadable(List<String> names) {
        for (String name : names) {
            if (name.equals(STDIN)) {
                continue;
            }
            Path path = Path.of(name);
            if (!Files.exists(path)) {
                throw new UserError("cannot read " + name + ": no such file");
            }
            if (Files.isDirectory(path)) {
                throw new UserError(
                        "cannot read " + name + ": it is a directory; name the files in it");
            }
            if (!Files.isReadable(path)) {
                throw new UserError("cannot read " + name + ": permission denied");
            }
        }
    }

    /** Opens one input; the caller closes it (closing standard input is harmless here). */
    static InputStream open(String name) {
        if (name.equals(STDIN)) {
            return System.in;
        }
        try {
            return Files.newInputStream(Path.of(name));
        } catch (IOException e) {
            throw new UserError("cannot read " + name + ": " + e.getMessage(), e);
        }
    }
}
