package dev.tandem.inventory.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tandem.ingest.kafka.TopicSpec;
import dev.tandem.ingest.kafka.Topics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The YAML under deploy/ says what the code says: topics, topic configs, permissions. */
class DeployManifestsTest {
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Path DEPLOY = findDeploy();

    @Test
    void strimziDeclaresEveryTopicWithItsPartitionsAndConfigs() throws IOException {
        List<JsonNode> topics = documents(DEPLOY.resolve("strimzi/kafka-topics.yaml"));

        Map<String, JsonNode> byName = new TreeMap<>();
        for (JsonNode topic : topics) {
            assertThat(topic.path("apiVersion").asText()).isEqualTo("kafka.strimzi.io/v1beta2");
            assertThat(topic.path("kind").asText()).isEqualTo("KafkaTopic");
            byName.put(topic.path("spec").path("topicName").asText(), topic.path("spec"));
        }
        assertThat(byName.keySet())
                .containsExactlyElementsOf(
                        Topics.ALL.stream().map(TopicSpec::name).collect(Collectors.toList()));
        for (TopicSpec spec : Topics.ALL) {
            JsonNode declared = byName.get(spec.name());
            assertThat(declared.path("partitions").asInt())
                    .as(spec.name())
                    .isEqualTo(spec.partitions());
            Map<String, String> configs = new TreeMap<>();
            declared.path("config")
                    .fields()
                    .forEachRemaining(e -> configs.put(e.getKey(), e.getValue().asText()));
            assertThat(configs).as(spec.name()).isEqualTo(spec.topicConfigs());
        }
    }

    @Test
    void fluentBitShipsExactlyToTheRawTopicsFromCalicoAndIstioProxyLogs() throws IOException {
        JsonNode configMap =
                documents(DEPLOY.resolve("fluent-bit/fluent-bit-configmap.yaml")).get(0);
        String conf = configMap.path("data").path("fluent-bit.conf").asText();

        assertThat(values(conf, "Topics"))
                .containsExactlyInAnyOrder(Topics.FLOWS_RAW.name(), Topics.PROXY_RAW.name());
        assertThat(values(conf, "Path"))
                .containsExactlyInAnyOrder(
                        "/var/log/calico/flowlogs/*.log",
                        "/var/log/containers/*_istio-proxy-*.log");
        assertThat(values(conf, "multiline.parser")).containsExactly("cri");
        assertThat(values(conf, "Format")).containsExactlyInAnyOrder("raw", "json");
        assertThat(values(conf, "rdkafka.message.max.bytes"))
                .containsOnly(Integer.toString(Topics.MAX_MESSAGE_BYTES));
    }

    @Test
    void theWatcherMayOnlyReadPodsServicesAndNamespaces() throws IOException {
        List<JsonNode> rbac = documents(DEPLOY.resolve("inventory/rbac.yaml"));
        JsonNode role =
                rbac.stream()
                        .filter(d -> d.path("kind").asText().equals("ClusterRole"))
                        .findFirst()
                        .orElseThrow();

        assertThat(role.path("rules")).hasSize(1);
        JsonNode rule = role.path("rules").get(0);
        assertThat(strings(rule.path("apiGroups"))).containsExactly("");
        assertThat(strings(rule.path("resources")))
                .containsExactlyInAnyOrder("pods", "services", "namespaces");
        assertThat(strings(rule.path("verbs"))).containsExactlyInAnyOrder("get", "list", "watch");
        assertThat(rbac)
                .extracting(d -> d.path("kind").asText())
                .containsExactlyInAnyOrder("ServiceAccount", "ClusterRole", "ClusterRoleBinding");
    }

    @Test
    void theDeploymentRunsTheWatcherInClusterAsItsServiceAccount() throws IOException {
        JsonNode deployment = documents(DEPLOY.resolve("inventory/deployment.yaml")).get(0);
        JsonNode pod = deployment.path("spec").path("template").path("spec");

        assertThat(pod.path("serviceAccountName").asText()).isEqualTo("tandem-inventory");
        JsonNode container = pod.path("containers").get(0);
        assertThat(strings(container.path("args")).subList(0, 2))
                .containsExactly("inventory", "--in-cluster");
        assertThat(strings(container.path("args"))).contains("--bootstrap-servers");
    }

    /** Every value of a key in a classic Fluent Bit config, in order. */
    private static List<String> values(String conf, String key) {
        Matcher m =
                Pattern.compile("(?m)^\\s*" + Pattern.quote(key) + "\\s+(\\S+)\\s*$").matcher(conf);
        List<String> values = new ArrayList<>();
        while (m.find()) {
            values.add(m.group(1));
        }
        return values;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<JsonNode> documents(Path file) throws IOException {
        List<JsonNode> documents = new ArrayList<>();
        try (MappingIterator<JsonNode> it =
                YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (it.hasNext()) {
                JsonNode document = it.next();
                if (document != null && !document.isMissingNode() && !document.isNull()) {
                    documents.add(document);
                }
            }
        }
        return documents;
    }

    private static Path findDeploy() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("deploy/strimzi"))) {
                return dir.resolve("deploy");
            }
        }
        throw new IllegalStateException("no deploy/ folder above " + Path.of("").toAbsolutePath());
    }
}
