package dev.tandem.inventory.watch;

import static dev.tandem.inventory.watch.Manifests.BASE;
import static dev.tandem.inventory.watch.Manifests.KUBERNETES;
import static dev.tandem.inventory.watch.Manifests.containers;
import static dev.tandem.inventory.watch.Manifests.documents;
import static dev.tandem.inventory.watch.Manifests.flag;
import static dev.tandem.inventory.watch.Manifests.one;
import static dev.tandem.inventory.watch.Manifests.podSpecs;
import static dev.tandem.inventory.watch.Manifests.strings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.fasterxml.jackson.databind.JsonNode;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The manifests under deploy/kubernetes say what the code says: topics and their configs, the Kafka
 * address, permissions, the image and its tag, the job's entry point, and where the webhook URL
 * comes from.
 */
class DeployManifestsTest {
    /**
     * The correlate job's main class, by name: it lives in the Flink job jar's module, which this
     * module does not depend on. {@link #theEntryClassIsTheJobsRealMainClass} compares it with the
     * source.
     */
    private static final String ENTRY_CLASS = "dev.tandem.flinkjob.CorrelateJobMain";

    private static final List<JsonNode> BASE_DOCS = Manifests.base();

    @Test
    void strimziDeclaresEveryTopicWithItsPartitionsAndConfigs() {
        List<JsonNode> topics = documents(BASE.resolve("kafka/kafka-topics.yaml"));

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
    void everyKafkaClientUsesTheStrimziClustersBootstrapService() {
        JsonNode kafka = ofKind("Kafka").get(0);
        String cluster = kafka.path("metadata").path("name").asText();
        JsonNode plain = kafka.at("/spec/kafka/listeners/0");
        assertThat(plain.path("tls").asBoolean()).isFalse();
        String bootstrap = cluster + "-kafka-bootstrap:" + plain.path("port").asInt();

        List<String> used = new ArrayList<>();
        for (JsonNode doc : BASE_DOCS) {
            for (JsonNode container : allContainers(doc)) {
                if (strings(container.path("args")).contains("--bootstrap-servers")) {
                    used.add(flag(container, "--bootstrap-servers"));
                }
                container
                        .path("env")
                        .forEach(
                                e -> {
                                    if (e.path("name").asText().equals("KAFKA_BROKERS")) {
                                        used.add(e.path("value").asText());
                                    }
                                });
            }
        }
        used.add(flag(flinkDeployment().path("spec").path("job"), "--bootstrap-servers"));

        // inventory, notify, fluent-bit and the correlate job.
        assertThat(used).hasSize(4).containsOnly(bootstrap);
        for (String kind : List.of("KafkaTopic", "KafkaNodePool")) {
            assertThat(ofKind(kind))
                    .allSatisfy(
                            d ->
                                    assertThat(
                                                    d.at("/metadata/labels/strimzi.io~1cluster")
                                                            .asText())
                                            .isEqualTo(cluster));
        }
    }

    @Test
    void fluentBitShipsExactlyToTheRawTopicsFromCalicoAndIstioProxyLogs() {
        JsonNode configMap = documents(BASE.resolve("fluent-bit/configmap.yaml")).get(0);
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
    void theFluentBitDaemonSetMountsItsConfigTheLogsAndAWritableStateFolder() {
        JsonNode daemonSet = one(BASE_DOCS, "DaemonSet", "tandem-fluent-bit");
        JsonNode pod = podSpecs(daemonSet).get(0);
        JsonNode container = pod.path("containers").get(0);
        String conf =
                one(BASE_DOCS, "ConfigMap", "tandem-fluent-bit")
                        .path("data")
                        .path("fluent-bit.conf")
                        .asText();
        Map<String, JsonNode> mounts = mountsByPath(container);

        assertThat(strings(container.path("args")))
                .containsExactly("-c", "/fluent-bit/etc/fluent-bit.conf");
        assertThat(volume(pod, mounts.get("/fluent-bit/etc/")).at("/configMap/name").asText())
                .isEqualTo("tandem-fluent-bit");
        assertThat(mounts.get("/var/log").path("readOnly").asBoolean()).isTrue();
        // Tail positions and the buffer must be written where a volume is, not to the read-only
        // root.
        JsonNode state = mounts.get("/var/fluent-bit/state");
        assertThat(state.path("readOnly").asBoolean()).isFalse();
        assertThat(values(conf, "DB")).allMatch(p -> p.startsWith("/var/fluent-bit/state/"));
        assertThat(values(conf, "storage.path"))
                .allMatch(p -> p.startsWith("/var/fluent-bit/state/"));
        assertThat(pod.path("serviceAccountName").asText()).isEqualTo("tandem-fluent-bit");
        assertReadOnlyClusterRole(
                "tandem-fluent-bit-reader", "tandem-fluent-bit", "pods", "namespaces");
    }

    @Test
    void theWatcherMayOnlyReadPodsServicesAndNamespaces() {
        List<JsonNode> rbac = documents(BASE.resolve("inventory/rbac.yaml"));

        assertThat(rbac)
                .extracting(d -> d.path("kind").asText())
                .containsExactlyInAnyOrder("ServiceAccount", "ClusterRole", "ClusterRoleBinding");
        assertReadOnlyClusterRole(
                "tandem-inventory-reader", "tandem-inventory", "pods", "services", "namespaces");
    }

    @Test
    void theDeploymentRunsTheWatcherInClusterAsItsServiceAccount() {
        JsonNode deployment = one(BASE_DOCS, "Deployment", "tandem-inventory");
        JsonNode pod = podSpecs(deployment).get(0);

        assertThat(pod.path("serviceAccountName").asText()).isEqualTo("tandem-inventory");
        JsonNode container = pod.path("containers").get(0);
        assertThat(strings(container.path("args")).subList(0, 2))
                .containsExactly("inventory", "--in-cluster");
        assertThat(strings(container.path("args"))).contains("--bootstrap-servers");
    }

    @Test
    void everyTandemImageCarriesTheProjectsVersionAndTheOverlaysPinTheSame() {
        String version = Manifests.projectVersion();
        List<String> images = new ArrayList<>();
        for (JsonNode doc : BASE_DOCS) {
            allContainers(doc).forEach(c -> images.add(c.path("image").asText()));
        }
        images.add(flinkDeployment().path("spec").path("image").asText());

        assertThat(images.stream().filter(i -> i.startsWith(Manifests.IMAGE + ":")))
                .hasSize(4)
                .containsOnly(Manifests.IMAGE + ":" + version);
        assertThat(images)
                .allMatch(i -> i.startsWith(Manifests.IMAGE + ":") || !i.contains("tandem-dev"));
        for (String overlay : Manifests.OVERLAYS) {
            JsonNode images2 =
                    documents(KUBERNETES.resolve("overlays/" + overlay + "/kustomization.yaml"))
                            .get(0)
                            .path("images");
            assertThat(images2).as(overlay).hasSize(1);
            assertThat(images2.get(0).path("name").asText()).isEqualTo(Manifests.IMAGE);
            assertThat(images2.get(0).path("newTag").asText()).as(overlay).isEqualTo(version);
        }
    }

    @Test
    void theImageHoldsTheJobJarAndTheLauncherWhereTheManifestsLookForThem() throws IOException {
        String dockerfile = Files.readString(Manifests.ROOT.resolve("deploy/docker/Dockerfile"));
        JsonNode job = flinkDeployment().path("spec").path("job");
        String jar = job.path("jarURI").asText().substring("local://".length());
        String script = cronJobScript();

        assertThat(copies(dockerfile)).contains(jar, "/opt/tandem/bin/tandem");
        assertThat(script).contains("/opt/tandem/bin/tandem recommend");
        assertThat(dockerfile).contains("ENTRYPOINT [\"/opt/tandem/bin/tandem\"]");
        assertThat(Manifests.ROOT.resolve("deploy/docker/tandem")).isExecutable();
    }

    @Test
    void correlateRunsFromDurableStateAndUpgradesThroughASavepoint() {
        JsonNode spec = flinkDeployment().path("spec");
        JsonNode config = spec.path("flinkConfiguration");
        JsonNode job = spec.path("job");

        assertThat(job.path("entryClass").asText()).isEqualTo(ENTRY_CLASS);
        assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");
        assertThat(strings(job.path("args")))
                .contains("--bootstrap-servers", "--archive", "--window", "--slack");
        assertThat(config.path("execution.checkpointing.mode").asText()).isEqualTo("EXACTLY_ONCE");
        assertThat(config.path("metrics.reporter.prom.factory.class").asText())
                .isEqualTo("org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        // Checkpoints, savepoints and HA metadata on the state volume; the archive on its own.
        Map<String, String> mounted = mountedClaims(podSpecs(flinkDeployment()).get(0));
        for (String key :
                List.of(
                        "state.checkpoints.dir",
                        "state.savepoints.dir",
                        "high-availability.storageDir")) {
            assertThat(claimOf(config.path(key).asText(), mounted))
                    .as(key)
                    .isEqualTo("tandem-flink-state");
        }
        assertThat(claimOf(flag(job, "--archive"), mounted)).isEqualTo("tandem-archive");
        // Production runs one subtask per raw-topic partition.
        JsonNode prod = documents(KUBERNETES.resolve("overlays/prod/correlate.yaml")).get(0);
        assertThat(prod.at("/spec/job/parallelism").asInt())
                .isEqualTo(Topics.FLOWS_RAW.partitions())
                .isEqualTo(Topics.PROXY_RAW.partitions());
    }

    @Test
    void theEntryClassIsTheJobsRealMainClass() throws IOException {
        List<String> found;
        try (Stream<Path> files = Files.walk(Manifests.ROOT, 10)) {
            found =
                    files.filter(f -> f.getFileName().toString().equals("CorrelateJobMain.java"))
                            .filter(f -> f.toString().contains("src/main/java"))
                            .map(f -> f.toString().replace('\\', '/'))
                            .map(f -> f.substring(f.indexOf("src/main/java/") + 14))
                            .map(f -> f.replace(".java", "").replace('/', '.'))
                            .toList();
        }
        assumeFalse(
                found.isEmpty(),
                "CorrelateJobMain.java is not written yet; the FlinkDeployment names "
                        + ENTRY_CLASS
                        + " by string");
        assertThat(found).containsExactly(ENTRY_CLASS);
    }

    @Test
    void theRecommenderReadsTheArchiveReadOnlyEveryNight() {
        JsonNode cronJob = one(BASE_DOCS, "CronJob", "tandem-recommend");
        JsonNode pod = podSpecs(cronJob).get(0);
        JsonNode container = pod.path("containers").get(0);
        JsonNode archiveMount = mountsByPath(container).get("/archive");

        assertThat(cronJob.at("/spec/schedule").asText()).matches("\\d+ \\d+ \\* \\* \\*");
        assertThat(cronJob.at("/spec/concurrencyPolicy").asText()).isEqualTo("Forbid");
        assertThat(archiveMount.path("readOnly").asBoolean()).isTrue();
        assertThat(volume(pod, archiveMount).at("/persistentVolumeClaim/readOnly").asBoolean())
                .isTrue();
        assertThat(volume(pod, archiveMount).at("/persistentVolumeClaim/claimName").asText())
                .isEqualTo("tandem-archive");
        assertThat(cronJobScript())
                .contains(
                        "recommend --archive /archive --since 7d $previous",
                        "--previous /reports/latest",
                        "--out \"/reports/$run\"");
    }

    @Test
    void theNotifierReadsTheWebhookUrlFromASecretFileAndNothingElse() {
        JsonNode deployment = one(BASE_DOCS, "Deployment", "tandem-notify");
        JsonNode pod = podSpecs(deployment).get(0);
        JsonNode container = pod.path("containers").get(0);
        Path urlFile = Path.of(flag(container, "--webhook-url-file"));

        assertThat(strings(container.path("args")).subList(0, 1)).containsExactly("notify");
        assertThat(flag(container, "--format")).isEqualTo("slack");
        JsonNode mount = mountsByPath(container).get(urlFile.getParent().toString());
        assertThat(mount).as("a volume mounted at " + urlFile.getParent()).isNotNull();
        assertThat(mount.path("readOnly").asBoolean()).isTrue();
        JsonNode secret = volume(pod, mount).path("secret");
        assertThat(secret.path("secretName").asText()).isEqualTo("tandem-notify-webhook");
        assertThat(secret.at("/items/0/path").asText()).isEqualTo(urlFile.getFileName().toString());
        assertThat(container.path("env")).isEmpty();
        assertThat(container.path("envFrom")).isEmpty();
        assertThat(strings(container.path("args"))).doesNotContain("--webhook-url");
    }

    @Test
    void noManifestCarriesASecretOrAUrl() throws IOException {
        List<String> urls = new ArrayList<>();
        for (Path file : Manifests.yamlFiles()) {
            for (JsonNode doc : documents(file)) {
                assertThat(doc.path("kind").asText()).as(file.toString()).isNotEqualTo("Secret");
                collectUrls(doc, urls);
            }
            assertThat(Files.readString(file))
                    .as(file.toString())
                    .doesNotContainPattern("(?i)https?://\\S*(hook|slack|office|mattermost)");
        }
        assertThat(urls).isEmpty();
    }

    private static void assertReadOnlyClusterRole(
            String role, String serviceAccount, String... resources) {
        JsonNode clusterRole = one(BASE_DOCS, "ClusterRole", role);
        assertThat(clusterRole.path("rules")).hasSize(1);
        JsonNode rule = clusterRole.path("rules").get(0);
        assertThat(strings(rule.path("apiGroups"))).containsExactly("");
        assertThat(strings(rule.path("resources"))).containsExactlyInAnyOrder(resources);
        assertThat(strings(rule.path("verbs"))).containsExactlyInAnyOrder("get", "list", "watch");
        JsonNode binding = one(BASE_DOCS, "ClusterRoleBinding", role);
        assertThat(binding.at("/roleRef/name").asText()).isEqualTo(role);
        assertThat(binding.at("/subjects/0/name").asText()).isEqualTo(serviceAccount);
        one(BASE_DOCS, "ServiceAccount", serviceAccount);
    }

    private static JsonNode flinkDeployment() {
        return one(BASE_DOCS, "FlinkDeployment", "tandem-correlate");
    }

    private static List<JsonNode> ofKind(String kind) {
        return Manifests.ofKind(BASE_DOCS, kind);
    }

    private static List<JsonNode> allContainers(JsonNode doc) {
        List<JsonNode> all = new ArrayList<>();
        podSpecs(doc).forEach(p -> all.addAll(containers(p)));
        return all;
    }

    private static String cronJobScript() {
        JsonNode pod = podSpecs(one(BASE_DOCS, "CronJob", "tandem-recommend")).get(0);
        return pod.at("/containers/0/args/0").asText();
    }

    private static Map<String, JsonNode> mountsByPath(JsonNode container) {
        Map<String, JsonNode> mounts = new TreeMap<>();
        container.path("volumeMounts").forEach(m -> mounts.put(m.path("mountPath").asText(), m));
        return mounts;
    }

    private static JsonNode volume(JsonNode pod, JsonNode mount) {
        for (JsonNode volume : pod.path("volumes")) {
            if (volume.path("name").asText().equals(mount.path("name").asText())) {
                return volume;
            }
        }
        throw new AssertionError("no volume " + mount.path("name"));
    }

    /** Mount path -> claim name, for every PersistentVolumeClaim a pod's first container mounts. */
    private static Map<String, String> mountedClaims(JsonNode pod) {
        Map<String, String> claims = new TreeMap<>();
        for (JsonNode mount : pod.at("/containers/0/volumeMounts")) {
            String claim = volume(pod, mount).at("/persistentVolumeClaim/claimName").asText();
            claims.put(mount.path("mountPath").asText(), claim);
        }
        return claims;
    }

    /** The claim mounted at the folder a file:/// URI points into. */
    private static String claimOf(String uri, Map<String, String> mounted) {
        assertThat(uri).startsWith("file:///");
        Path path = Path.of(uri.substring("file://".length()));
        return mounted.entrySet().stream()
                .filter(e -> path.startsWith(e.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElseThrow(() -> new AssertionError(uri + " is on no mounted volume"));
    }

    /** The destinations of a Dockerfile's COPY instructions. */
    private static List<String> copies(String dockerfile) {
        List<String> destinations = new ArrayList<>();
        Matcher m = Pattern.compile("(?m)^COPY\\s.*\\s(\\S+)\\s*$").matcher(dockerfile);
        while (m.find()) {
            destinations.add(m.group(1));
        }
        return destinations;
    }

    private static void collectUrls(JsonNode node, List<String> urls) {
        if (node.isTextual() && node.asText().matches("(?s)\\s*https?://.*")) {
            urls.add(node.asText());
        }
        node.forEach(child -> collectUrls(child, urls));
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
}
