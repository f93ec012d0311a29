package dev.tandem.jobs.correlate;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** Real log samples from the project's {@code shared/formats} folder beside the repository. */
final class SharedSamples {
    private SharedSamples() {}

    static List<String> lines(String relative) throws IOException {
        return Files.readAllLines(path(relative), StandardCharsets.UTF_8);
    }

    static Path path(String relative) {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared");
            if (Files.isRegularFile(candidate.resolve("DESIGN.md"))) {
                Path found = candidate.resolve(relative);
                if (!Files.exists(found)) {
                    throw new IllegalStateException("missing shared file: " + found);
                }
                return found;
            }
        }
        throw new IllegalStateException("no shared/ folder with DESIGN.md beside the repository");
    }
}
