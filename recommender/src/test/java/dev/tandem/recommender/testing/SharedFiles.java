package dev.tandem.recommender.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the project's {@code shared/} folder (real log samples, CRD schemas, topologies). It sits
 * beside the repository: {@code ../shared} from the repository root, for developers and CI alike.
 */
public final class SharedFiles {
    private SharedFiles() {}

    /** The path of {@code relative} inside {@code shared/}; fails the test run if it is missing. */
    public static Path path(String relative) {
        Path found = root().resolve(relative);
        if (!Files.exists(found)) {
            throw new IllegalStateException("missing shared file: " + found);
        }
        return found;
    }

    /**
     * The {@code shared/} folder: the first {@code ../shared} with a DESIGN.md above the working
     * directory.
     */
    public static Path root() {
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared");
            if (Files.isRegularFile(candidate.resolve("DESIGN.md"))) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "no shared/ folder with DESIGN.md beside the repository (looked upwards from "
                        + Paths.get("").toAbsolutePath()
                        + ")");
    }
}
