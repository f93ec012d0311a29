package dev.tandem.inventory.watch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** The manifests under deploy/kubernetes, read as YAML documents, and the facts they must match. */
final class Manifests {
    static final YAMLMapper YAML = new YAMLMapper();
    static final Path ROOT = findRoot();
    static final Path KUBERNETES = ROOT.resolve("deploy/kubernetes");
    static final Path BASE = KUBERNETES.resolve("base");
    static final List<String> OVERLAYS = List.of("dev", "prod");

    /** The one Tandem image (deploy/docker/Dockerfile), without its tag. */
    static final String IMAGE = "ghcr.io/tandem-dev/tandem";

    private Manifests() {}

    /** Every YAML document of a file, in order, empty documents left out. */
    static List<JsonNode> documents(Path file) {
        try {
            return documents(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<JsonNode> documents(String yaml) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode document = it.next();
                if (document != null && !document.isMissingNode() && !document.isNull()) {
                    documents.add(document);
                }
            }
        }
        return documents;
    }

    /** Every document of every resource file the base kustomization lists, in its order. */
    static List<JsonNode> base() {
        JsonNode kustomization = documents(BASE.resolve("kustomization.yaml")).get(0);
        List<JsonNode> all = new ArrayList<>();
        for (String resource : strings(kustomization.path("resources"))) {
            all.addAll(documents(BASE.resolve(resource)));
        }
        return all;
    }

    /** Every .yaml file under deploy/kubernetes, sorted. */
    static List<Path> yamlFiles() throws IOException {
        try (Stream<Path> files = Files.walk(KUBERNETES)) {
            return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
        }
    }

    static JsonNode one(List<JsonNode> documents, String kind, String name) {
        return documents.stream()
                .filter(d -> d.path("kind").asText().equals(kind))
                .filter(d -> d.path("metadata").path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
    }

    static List<JsonNode> ofKind(List<JsonNode> documents, String kind) {
        return documents.stream().filter(d -> d.path("kind").asText().equals(kind)).toList();
    }

    /**
     * The pod specs a workload declares: Deployment and DaemonSet templates, a CronJob's job
     * template, a FlinkDeployment's pod template (merged by the operator into its pods).
     */
    static List<JsonNode> podSpecs(JsonNode document) {
        JsonNode spec = document.path("spec");
        return switch (document.path("kind").asText()) {
            case "Deployment", "DaemonSet", "StatefulSet", "Job" ->
                    List.of(spec.path("template").path("spec"));
            case "CronJob" ->
                    List.of(spec.path("jobTemplate").path("spec").path("template").path("spec"));
            case "FlinkDeployment" -> List.of(spec.path("podTemplate").path("spec"));
            default -> List.of();
        };
    }

    /** Every container of a pod spec, init containers included. */
    static List<JsonNode> containers(JsonNode podSpec) {
        List<JsonNode> containers = new ArrayList<>();
        podSpec.path("initContainers").forEach(containers::add);
        podSpec.path("containers").forEach(containers::add);
        return containers;
    }

    static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    /** The value after {@code flag} in a container's args. */
    static String flag(JsonNode container, String flag) {
        List<String> args = strings(container.path("args"));
        int at = args.indexOf(flag);
        if (at < 0 || at + 1 >= args.size()) {
            throw new AssertionError("no " + flag + " in " + args);
        }
        return args.get(at + 1);
    }

    /** The project's version, from the root pom.xml: the one source of the image's tag. */
    static String projectVersion() {
        return child(rootPom(), "version");
    }

    /** A property of the root pom.xml, such as flink.version. */
    static String pomProperty(String name) {
        for (Node n = rootPom().getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals("properties")) {
                return child(e, name);
            }
        }
        throw new AssertionError("the root pom.xml has no <properties>");
    }

    private static String child(Element parent, String tag) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && e.getTagName().equals(tag)) {
                return e.getTextContent().trim();
            }
        }
        throw new AssertionError("no <" + tag + "> in <" + parent.getTagName() + ">");
    }

    private static Element rootPom() {
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder()
                    .parse(ROOT.resolve("pom.xml").toFile())
                    .getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the root pom.xml", e);
        }
    }

    private static Path findRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/kubernetes"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "no deploy/kubernetes folder above " + Path.of("").toAbsolutePath());
    }
}
