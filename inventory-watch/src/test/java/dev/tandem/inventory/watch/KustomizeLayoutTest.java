package dev.tandem.inventory.watch;

import static dev.tandem.inventory.watch.Manifests.KUBERNETES;
import static dev.tandem.inventory.watch.Manifests.documents;
import static dev.tandem.inventory.watch.Manifests.strings;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes holds a kustomize base and its overlays: every file is listed exactly once,
 * every listed file exists, and every document is one the API server would take.
 */
class KustomizeLayoutTest {

    @Test
    void everyManifestIsListedByExactlyOneKustomizationAndEveryListedFileExists()
            throws IOException {
        Map<Path, List<Path>> listedBy = new TreeMap<>();
        List<Path> kustomizations = new ArrayList<>();
        for (Path file : Manifests.yamlFiles()) {
            if (file.getFileName().toString().equals("kustomization.yaml")) {
                kustomizations.add(file);
            }
        }
        for (Path kustomization : kustomizations) {
            Path dir = kustomization.getParent();
            for (Path listed : references(kustomization)) {
                Path target = dir.resolve(listed).normalize();
                if (Files.isDirectory(target)) {
                    assertThat(target.resolve("kustomization.yaml"))
                            .as(kustomization + " lists " + listed)
                            .isRegularFile();
                } else {
                    assertThat(target).as(kustomization + " lists " + listed).isRegularFile();
                    listedBy.computeIfAbsent(target, t -> new ArrayList<>()).add(kustomization);
                }
            }
        }

        List<Path> manifests =
                Manifests.yamlFiles().stream()
                        .filter(f -> !f.getFileName().toString().equals("kustomization.yaml"))
                        .toList();
        assertThat(listedBy.keySet()).containsExactlyInAnyOrderElementsOf(manifests);
        listedBy.forEach((file, by) -> assertThat(by).as(file.toString()).hasSize(1));
        assertThat(kustomizations)
                .extracting(k -> KUBERNETES.relativize(k).toString())
                .containsExactlyInAnyOrder(
                        "base/kustomization.yaml",
                        "overlays/dev/kustomization.yaml",
                        "overlays/prod/kustomization.yaml");
    }

    @Test
    void everyOverlayBuildsOnTheBaseAndChoosesItsNamespaceAndImageTag() {
        for (String overlay : Manifests.OVERLAYS) {
            JsonNode kustomization =
                    documents(KUBERNETES.resolve("overlays/" + overlay + "/kustomization.yaml"))
                            .get(0);

            assertThat(strings(kustomization.path("resources")))
                    .as(overlay)
                    .containsExactly("../../base");
            assertThat(kustomization.path("namespace").asText()).as(overlay).isNotBlank();
            assertThat(kustomization.path("images").get(0).path("name").asText())
                    .isEqualTo(Manifests.IMAGE);
        }
    }

    @Test
    void everyBaseDocumentCarriesWhatItsKindRequires() {
        List<JsonNode> base = Manifests.base();
        List<String> problems = new ArrayList<>();
        base.forEach(doc -> problems.addAll(ManifestRules.violations(doc)));

        assertThat(problems).isEmpty();
        assertThat(base)
                .extracting(d -> d.path("kind").asText())
                .contains(
                        "FlinkDeployment",
                        "Kafka",
                        "KafkaNodePool",
                        "KafkaTopic",
                        "DaemonSet",
                        "Deployment",
                        "CronJob",
                        "PersistentVolumeClaim");
    }

    @Test
    void everyPatchNamesADocumentOfTheBase() throws IOException {
        List<JsonNode> base = Manifests.base();
        for (String overlay : Manifests.OVERLAYS) {
            Path dir = KUBERNETES.resolve("overlays/" + overlay);
            JsonNode kustomization = documents(dir.resolve("kustomization.yaml")).get(0);
            for (JsonNode patch : kustomization.path("patches")) {
                if (patch.has("path")) {
                    for (JsonNode doc : documents(dir.resolve(patch.path("path").asText()))) {
                        assertThat(ManifestRules.headerViolations(doc)).isEmpty();
                        Manifests.one(
                                base,
                                doc.path("kind").asText(),
                                doc.path("metadata").path("name").asText());
                    }
                } else {
                    assertThat(Manifests.ofKind(base, patch.at("/target/kind").asText()))
                            .as(overlay + " patch target " + patch.path("target"))
                            .isNotEmpty();
                }
            }
        }
    }

    @Test
    void theRulesCatchABrokenDocument() throws IOException {
        JsonNode broken =
                documents(
                                """
                                apiVersion: apps/v1
                                kind: CronJob
                                metadata:
                                  name: Bad_Name
                                spec:
                                  schedule: "at night"
                                  jobTemplate:
                                    spec:
                                      template:
                                        spec:
                                          containers:
                                            - name: c
                                              image: busybox
                                """)
                        .get(0);

        assertThat(ManifestRules.violations(broken))
                .anyMatch(p -> p.contains("apiVersion must be batch/v1"))
                .anyMatch(p -> p.contains("not a valid name"))
                .anyMatch(p -> p.contains("schedule"))
                .anyMatch(p -> p.contains("restartPolicy"))
                .anyMatch(p -> p.contains("must carry a tag"))
                .anyMatch(p -> p.contains("resources/requests/memory"));
    }

    /** The files and folders a kustomization names: resources, patch files, configurations. */
    private static List<Path> references(Path kustomization) {
        JsonNode k = documents(kustomization).get(0);
        List<Path> listed = new ArrayList<>();
        strings(k.path("resources")).forEach(r -> listed.add(Path.of(r)));
        strings(k.path("configurations")).forEach(r -> listed.add(Path.of(r)));
        k.path("patches")
                .forEach(
                        p -> {
                            if (p.has("path")) {
                                listed.add(Path.of(p.path("path").asText()));
                            }
                        });
        return listed;
    }
}
