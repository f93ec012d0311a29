package dev.tandem.jobs.correlate;

import dev.tandem.ingest.testing.SharedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Real log samples from the project's {@code shared/formats} folder beside the repository. */
final class SharedSamples {
    private SharedSamples() {}

    static List<String> lines(String relative) throws IOException {
        return Files.readAllLines(path(relative), StandardCharsets.UTF_8);
    }

    static Path path(String relative) {
        return SharedFiles.path(relative);
    }
}
