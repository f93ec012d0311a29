package dev.tandem.inventory.watch;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What each kind of complete manifest must carry to be applied and run as meant: the API's required
 * fields plus Tandem's own rules (every container sized, images pinned, durable Flink state). Patch
 * files are partial documents and only need a header.
 */
final class ManifestRules {
    /** The kinds Tandem deploys, with their API versions. Anything else is a mistake. */
    static final Map<String, String> API_VERSIONS =
            Map.ofEntries(
                    Map.entry("Namespace", "v1"),
                    Map.entry("ServiceAccount", "v1"),
                    Map.entry("ConfigMap", "v1"),
                    Map.entry("PersistentVolumeClaim", "v1"),
                    Map.entry("Deployment", "apps/v1"),
                    Map.entry("DaemonSet", "apps/v1"),
                    Map.entry("CronJob", "batch/v1"),
                    Map.entry("Role", "rbac.authorization.k8s.io/v1"),
                    Map.entry("RoleBinding", "rbac.authorization.k8s.io/v1"),
                    Map.entry("ClusterRole", "rbac.authorization.k8s.io/v1"),
                    Map.entry("ClusterRoleBinding", "rbac.authorization.k8s.io/v1"),
                    Map.entry("Kafka", "kafka.strimzi.io/v1beta2"),
                    Map.entry("KafkaNodePool", "kafka.strimzi.io/v1beta2"),
                    Map.entry("KafkaTopic", "kafka.strimzi.io/v1beta2"),
                    Map.entry("FlinkDeployment", "flink.apache.org/v1beta1"));

    /** Kubernetes object names: DNS-1123 subdomains. */
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    /** minute hour day-of-month month day-of-week, digits, ranges, lists, steps. */
    private static final Pattern CRON = Pattern.compile("([0-9*,/-]+ ){4}[0-9*,/-]+");

    private ManifestRules() {}

    /** Problems with a document's header: kind known, apiVersion right, a valid name. */
    static List<String> headerViolations(JsonNode doc) {
        List<String> problems = new ArrayList<>();
        String kind = doc.path("kind").asText();
        String name = doc.path("metadata").path("name").asText();
        if (!API_VERSIONS.containsKey(kind)) {
            problems.add("unknown kind '" + kind + "'");
        } else if (!doc.path("apiVersion").asText().equals(API_VERSIONS.get(kind))) {
            problems.add(kind + " " + name + ": apiVersion must be " + API_VERSIONS.get(kind));
        }
        if (!NAME.matcher(name).matches()) {
            problems.add(kind + ": metadata.name '" + name + "' is not a valid name");
        }
        return problems;
    }

    /** Problems with a complete document: its header and its kind's required fields. */
    static List<String> violations(JsonNode doc) {
        List<String> problems = new ArrayList<>(headerViolations(doc));
        String where = doc.path("kind").asText() + " " + doc.path("metadata").path("name").asText();
        JsonNode spec = doc.path("spec");
        switch (doc.path("kind").asText()) {
            case "Deployment", "DaemonSet" -> {
                require(problems, where, spec, "selector/matchLabels");
                requireLabelsMatch(problems, where, spec);
            }
            case "CronJob" -> {
                if (!CRON.matcher(spec.path("schedule").asText()).matches()) {
                    problems.add(where + ": schedule '" + spec.path("schedule").asText() + "'");
                }
                require(problems, where, spec, "concurrencyPolicy");
                String restart = spec.at("/jobTemplate/spec/template/spec/restartPolicy").asText();
                if (!Set.of("Never", "OnFailure").contains(restart)) {
                    problems.add(where + ": a Job's pods need restartPolicy Never or OnFailure");
                }
            }
            case "FlinkDeployment" -> {
                for (String path :
                        List.of(
                                "image",
                                "flinkVersion",
                                "serviceAccount",
                                "job/jarURI",
                                "job/entryClass",
                                "job/upgradeMode",
                                "job/parallelism",
                                "jobManager/resource/memory",
                                "jobManager/resource/cpu",
                                "taskManager/resource/memory",
                                "taskManager/resource/cpu",
                                "flinkConfiguration/state.checkpoints.dir",
                                "flinkConfiguration/state.savepoints.dir",
                                "flinkConfiguration/execution.checkpointing.interval",
                                "flinkConfiguration/restart-strategy.type",
                                "flinkConfiguration/high-availability.type")) {
                    require(problems, where, spec, path);
                }
                if (!spec.at("/job/jarURI").asText().startsWith("local:///")) {
                    problems.add(where + ": job.jarURI must be a local:/// path in the image");
                }
                if (!Set.of("savepoint", "last-state")
                        .contains(spec.at("/job/upgradeMode").asText())) {
                    problems.add(where + ": an upgrade must keep the job's state");
                }
                for (String dir : List.of("state.checkpoints.dir", "state.savepoints.dir")) {
                    String uri = spec.path("flinkConfiguration").path(dir).asText();
                    if (!(uri.startsWith("s3://") || uri.startsWith("file:///"))) {
                        problems.add(where + ": " + dir + " must be durable (s3:// or a volume)");
                    }
                }
            }
            case "KafkaTopic" -> {
                require(problems, where, spec, "topicName");
                require(problems, where, spec, "partitions");
                require(problems, where, spec, "replicas");
                require(problems, where, doc, "metadata/labels/strimzi.io~1cluster");
            }
            case "KafkaNodePool" -> {
                require(problems, where, spec, "replicas");
                require(problems, where, spec, "roles");
                require(problems, where, spec, "storage/type");
                require(problems, where, doc, "metadata/labels/strimzi.io~1cluster");
            }
            case "Kafka" -> require(problems, where, spec, "kafka/listeners/0/port");
            case "PersistentVolumeClaim" -> {
                require(problems, where, spec, "accessModes/0");
                require(problems, where, spec, "resources/requests/storage");
            }
            case "Role", "ClusterRole" -> {
                if (doc.path("rules").isEmpty()) {
                    problems.add(where + ": no rules");
                }
                doc.path("rules").forEach(r -> require(problems, where, r, "verbs/0"));
            }
            case "RoleBinding", "ClusterRoleBinding" -> {
                require(problems, where, doc, "roleRef/name");
                require(problems, where, doc, "subjects/0/name");
            }
            default -> {}
        }
        for (JsonNode pod : Manifests.podSpecs(doc)) {
            problems.addAll(podViolations(where, doc.path("kind").asText(), pod));
        }
        return problems;
    }

    /**
     * Every container names a pinned image and is sized, and none may gain privileges. A
     * FlinkDeployment's pod template is exempt from image and size: the operator fills both in from
     * spec.image and the resource blocks.
     */
    private static List<String> podViolations(String where, String kind, JsonNode pod) {
        List<String> problems = new ArrayList<>();
        List<JsonNode> containers = Manifests.containers(pod);
        if (containers.isEmpty()) {
            problems.add(where + ": no containers");
        }
        for (JsonNode c : containers) {
            String at = where + " container " + c.path("name").asText();
            if (!kind.equals("FlinkDeployment")) {
                String image = c.path("image").asText();
                if (!image.matches("[^:@\\s]+(:[\\w.-]+)")) {
                    problems.add(at + ": image '" + image + "' must carry a tag");
                } else if (image.endsWith(":latest")) {
                    problems.add(at + ": image '" + image + "' must be pinned, not latest");
                }
                require(problems, at, c, "resources/requests/cpu");
                require(problems, at, c, "resources/requests/memory");
                require(problems, at, c, "resources/limits/memory");
            }
            if (!c.at("/securityContext/allowPrivilegeEscalation").isMissingNode()
                    && c.at("/securityContext/allowPrivilegeEscalation").asBoolean()) {
                problems.add(at + ": allowPrivilegeEscalation");
            }
        }
        return problems;
    }

    private static void requireLabelsMatch(List<String> problems, String where, JsonNode spec) {
        JsonNode labels = spec.at("/template/metadata/labels");
        spec.at("/selector/matchLabels")
                .fields()
                .forEachRemaining(
                        e -> {
                            if (!labels.path(e.getKey()).asText().equals(e.getValue().asText())) {
                                problems.add(where + ": the pod template lacks " + e.getKey());
                            }
                        });
    }

    private static void require(List<String> problems, String where, JsonNode node, String path) {
        JsonNode value = node.at("/" + path);
        if (value.isMissingNode()
                || value.isNull()
                || (value.isTextual() && value.asText().isBlank())) {
            problems.add(where + ": missing " + path.replace("~1", "/"));
        }
    }
}
