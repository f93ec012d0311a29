package dev.tandem.recommender;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import dev.tandem.ingest.archive.EdgeArchiveWriter;
import dev.tandem.ingest.archive.TimeRange;
import dev.tandem.ingest.model.EdgeWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Writes edge windows to a real archive, runs the recommender over it, and reads the outputs. */
record RecommenderRun(Path out, RecommendResult result) {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static RecommenderRun of(Path work, List<EdgeWindow> windows) throws Exception {
        return of(work, windows, true, null);
    }

    static RecommenderRun of(Path work, List<EdgeWindow> windows, boolean staged, Path previous)
            throws Exception {
        Path archive = work.resolve("archive");
        new EdgeArchiveWriter(archive, "test").write(windows);
        return over(archive, work.resolve("out"), staged, previous);
    }

    static RecommenderRun over(Path archive, Path out, boolean staged, Path previous)
            throws Exception {
        RecommendRequest request =
                new RecommendRequest(
                        archive,
                        null,
                        TimeRange.all(),
                        "all",
                        previous,
                        "cluster.local",
                        staged,
                        out,
                        PolicyPlanner.DEFAULT_PATH_BUDGET);
        return new RecommenderRun(out, new Recommender().run(request));
    }

    String file(String relative) throws IOException {
        return Files.readString(out.resolve(relative));
    }

    JsonNode json() throws IOException {
        return new ObjectMapper().readTree(file("recommendations.json"));
    }

    /** Every YAML document of {@code relative}, in order. */
    List<ObjectNode> documents(String relative) throws IOException {
        List<ObjectNode> docs = new ArrayList<>();
        try (YAMLParser parser = new YAMLFactory().createParser(out.resolve(relative).toFile())) {
            var it = YAML.readValues(parser, ObjectNode.class);
            while (it.hasNext()) {
                docs.add(it.next());
            }
        }
        return docs;
    }

    /** Every policy file, relative paths, sorted. */
    List<String> policyFiles() throws IOException {
        Path dir = out.resolve("policies");
        if (!Files.exists(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .map(f -> out.relativize(f).toString())
                    .sorted()
                    .toList();
        }
    }
}
