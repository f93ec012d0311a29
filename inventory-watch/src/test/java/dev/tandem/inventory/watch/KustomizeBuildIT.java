package dev.tandem.inventory.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tandem.ingest.kafka.TopicSpec;
import dev.tandem.ingest.kafka.Topics;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each overlay as kustomize really renders it ({@code kubectl kustomize}, or a standalone {@code
 * kustomize build}): every document complete, everything in the overlay's namespace, every Tandem
 * image retagged (the FlinkDeployment's too), Kafka's replication within its broker count.
 */
class KustomizeBuildIT {
    /** Kinds without a namespace. */
    private static final Set<String> CLUSTER_SCOPED =
            Set.of("Namespace", "ClusterRole", "ClusterRoleBinding");

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theOverlayRendersIntoCompleteDocuments(String overlay) throws Exception {
        Path dir = Manifests.KUBERNETES.resolve("overlays/" + overlay);
        String namespace =
                Manifests.documents(dir.resolve("kustomization.yaml"))
                        .get(0)
                        .path("namespace")
                        .asText();
        List<JsonNode> docs = Manifests.documents(render(dir));

        List<String> problems = new ArrayList<>();
        docs.forEach(d -> problems.addAll(ManifestRules.violations(d)));
        assertThat(problems).isEmpty();
        assertThat(docs).hasSameSizeAs(Manifests.base());

        for (JsonNode doc : docs) {
            String kind = doc.path("kind").asText();
            String where = kind + " " + doc.at("/metadata/name").asText();
            if (kind.equals("Namespace")) {
                assertThat(doc.at("/metadata/name").asText()).isEqualTo(namespace);
            } else if (CLUSTER_SCOPED.contains(kind)) {
                assertThat(doc.at("/metadata/namespace").isMissingNode()).as(where).isTrue();
            } else {
                assertThat(doc.at("/metadata/namespace").asText()).as(where).isEqualTo(namespace);
            }
            doc.path("subjects")
                    .forEach(
                            s ->
                                    assertThat(s.path("namespace").asText())
                                            .as(where)
                                            .isEqualTo(namespace));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void theOverlayPinsTheProjectsImageEverywhere(String overlay) throws Exception {
        List<JsonNode> docs =
                Manifests.documents(render(Manifests.KUBERNETES.resolve("overlays/" + overlay)));
        List<String> images = new ArrayList<>();
        for (JsonNode doc : docs) {
            Manifests.podSpecs(doc)
                    .forEach(
                            p ->
                                    Manifests.containers(p)
                                            .forEach(c -> images.add(c.path("image").asText())));
        }
        images.add(
                Manifests.one(docs, "FlinkDeployment", "tandem-correlate")
                        .at("/spec/image")
                        .asText());

        assertThat(images.stream().filter(i -> i.contains("tandem-dev")))
                .hasSize(4)
                .containsOnly(Manifests.IMAGE + ":" + Manifests.projectVersion());
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void kafkaReplicatesWithinItsBrokersAndKeepsTheTopicsOfTheCode(String overlay)
            throws Exception {
        List<JsonNode> docs =
                Manifests.documents(render(Manifests.KUBERNETES.resolve("overlays/" + overlay)));
        int brokers =
                Manifests.one(docs, "KafkaNodePool", "dual-role").at("/spec/replicas").asInt();
        JsonNode config = Manifests.one(docs, "Kafka", "tandem").at("/spec/kafka/config");

        int minIsr = config.path("min.insync.replicas").asInt();
        assertThat(config.path("default.replication.factor").asInt()).isBetween(minIsr, brokers);
        assertThat(config.path("offsets.topic.replication.factor").asInt())
                .isLessThanOrEqualTo(brokers);
        assertThat(config.path("transaction.state.log.replication.factor").asInt())
                .isLessThanOrEqualTo(brokers);
        Map<String, Integer> partitions = new TreeMap<>();
        for (JsonNode topic : Manifests.ofKind(docs, "KafkaTopic")) {
            assertThat(topic.at("/spec/replicas").asInt()).isBetween(minIsr, brokers);
            partitions.put(
                    topic.at("/spec/topicName").asText(), topic.at("/spec/partitions").asInt());
        }
        Map<String, Integer> expected = new TreeMap<>();
        Topics.ALL.forEach((TopicSpec t) -> expected.put(t.name(), t.partitions()));
        assertThat(partitions).isEqualTo(expected);
    }

    /** Each overlay rendered once: kustomize takes about a second per run. */
    private static final Map<Path, String> RENDERED = new ConcurrentHashMap<>();

    /** The overlay rendered by kustomize; skips the test where no kustomize is installed. */
    private static String render(Path overlay) throws Exception {
        String rendered = RENDERED.get(overlay);
        if (rendered == null) {
            rendered = kustomize(overlay);
            RENDERED.put(overlay, rendered);
        }
        return rendered;
    }

    private static String kustomize(Path overlay) throws Exception {
        Optional<List<String>> command =
                onPath("kubectl")
                        .map(k -> List.of(k.toString(), "kustomize", overlay.toString()))
                        .or(
                                () ->
                                        onPath("kustomize")
                                                .map(
                                                        k ->
                                                                List.of(
                                                                        k.toString(),
                                                                        "build",
                                                                        overlay.toString())));
        assumeTrue(
                command.isPresent(),
                "neither kubectl nor kustomize is on the PATH; the overlays are checked file by"
                        + " file only (KustomizeLayoutTest)");
        Process process = new ProcessBuilder(command.get()).redirectErrorStream(false).start();
        byte[] out = process.getInputStream().readAllBytes();
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command.get()) + ": " + err).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    private static Optional<Path> onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, program);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
