package dev.tandem.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

    /**
     * Refuses a file named twice, under the same option or two (compared by real path, so {@code
     * a.log} and {@code ./a.log} are one file): read twice, its evidence would count twice. Call
     * after {@link #checkReadable}, so every name exists.
     *
     * @param namesByOption the file names given to each option, in the order of the command line
     */
    static void checkNamedOnce(Map<String, List<String>> namesByOption) {
        Map<Path, String> firstOption = new HashMap<>();
        namesByOption.forEach(
                (option, names) -> {
                    for (String name : names) {
                        String earlier = firstOption.putIfAbsent(realPath(name), option);
                        if (earlier != null) {
                            throw new UserError(
                                    name
                                            + (earlier.equals(option)
                                                    ? " is given twice to " + option
                                                    : " is given to both "
                                                            + earlier
                                                            + " and "
                                                            + option)
                                            + ": name each file once (read twice, its evidence"
                                            + " would count twice)");
                        }
                    }
                });
    }

    private static Path realPath(String name) {
        Path path = Path.of(name);
        try {
            return path.toRealPath();
        } catch (IOException e) {
            // Readable a moment ago; comparing by name still catches the same name given twice.
            return path.toAbsolutePath().normalize();
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
