package dev.tandem.cli.demo;

import dev.tandem.ingest.io.FileTrees;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where {@code tandem demo} writes, and the one rule about it: a folder that holds a previous demo
 * is replaced, any other non-empty folder is refused, so that the demo never deletes what it did
 * not write.
 *
 * <pre>
 * OUT/scenario/         the generated logs and inventory (tandem scenario's layout)
 * OUT/edges/            the Parquet edge archive the correlate job wrote
 * OUT/recommendations/  policies/, recommendations.json, report.md, report.html
 * OUT/alerts.jsonl      the alerts, as the local webhook received them
 * OUT/summary.txt       the three-line summary
 * </pre>
 */
public record DemoFolder(Path root) {
    public Path scenario() {
        return root.resolve("scenario");
    }

    public Path archive() {
        return root.resolve("edges");
    }

    public Path recommendations() {
        return root.resolve("recommendations");
    }

    public Path alerts() {
        return root.resolve("alerts.jsonl");
    }

    public Path summary() {
        return root.resolve("summary.txt");
    }

    /**
     * Creates the folder, or empties a previous demo's.
     *
     * @throws IOException when it is a file, or holds something that is not a demo's
     */
    public void prepare() throws IOException {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IOException(root + " is a file, not a folder");
        }
        Files.createDirectories(root);
        List<Path> present;
        try (Stream<Path> entries = Files.list(root)) {
            present = entries.toList();
        }
        if (present.isEmpty()) {
            return;
        }
        if (!Files.isRegularFile(scenario().resolve("scenario.json"))) {
            throw new IOException(
                    root + " is not empty and holds no previous demo: pick an empty folder");
        }
        for (Path path : List.of(scenario(), archive(), recommendations(), alerts(), summary())) {
            FileTrees.delete(path);
        }
    }
}
