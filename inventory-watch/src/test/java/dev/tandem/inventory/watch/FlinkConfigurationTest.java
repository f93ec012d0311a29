package dev.tandem.inventory.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.FallbackKey;
import org.apache.flink.configuration.HighAvailabilityOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.junit.jupiter.api.Test;

/**
 * The FlinkDeployment's flinkConfiguration, read by the Flink version the job is built with: every
 * key is one of Flink's options (a typo would be silently ignored by Flink) and every value parses.
 */
class FlinkConfigurationTest {
    /** Read by the operator and the metrics plugin, not by Flink's core options. */
    private static final List<String> OTHER_OWNERS =
            List.of("kubernetes.operator.", "metrics.reporter.prom.");

    /**
     * The names of the checkpoint and savepoint folders that the Flink operator's documentation and
     * most tooling still use; Flink 2 reads them as its execution.checkpointing.* options.
     */
    private static final Set<String> ACCEPTED_OLD_NAMES =
            Set.of("state.checkpoints.dir", "state.savepoints.dir");

    @Test
    void everyKeyIsAFlinkOptionAndEveryValueParses() throws IllegalAccessException {
        Map<String, String> settings = settings("base/correlate/flinkdeployment.yaml");
        settings.putAll(settings("overlays/dev/correlate.yaml"));
        Map<String, ConfigOption<?>> options = options();

        List<String> unknown = new ArrayList<>();
        Configuration configuration = Configuration.fromMap(settings);
        for (String key : settings.keySet()) {
            if (OTHER_OWNERS.stream().anyMatch(key::startsWith)) {
                continue;
            }
            ConfigOption<?> option = options.get(key);
            if (option == null) {
                unknown.add(key);
                continue;
            }
            assertThat(option.key().equals(key) || ACCEPTED_OLD_NAMES.contains(key))
                    .as(key + " is deprecated: use " + option.key())
                    .isTrue();
            assertThatCode(() -> configuration.get(option)).as(key).doesNotThrowAnyException();
        }
        assertThat(unknown).isEmpty();
        assertThat(configuration.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isPositive();
    }

    @Test
    void theFlinkVersionIsTheOneTheJobIsBuiltWith() throws IOException {
        String built = Manifests.pomProperty("flink.version");
        String[] parts = built.split("\\.");
        JsonNode spec =
                Manifests.one(Manifests.base(), "FlinkDeployment", "tandem-correlate").path("spec");

        assertThat(spec.path("flinkVersion").asText()).isEqualTo("v" + parts[0] + "_" + parts[1]);
        assertThat(Files.readString(Manifests.ROOT.resolve("deploy/docker/Dockerfile")))
                .contains("ARG FLINK_IMAGE=flink:" + built + "-java17");
    }

    private static Map<String, String> settings(String file) {
        Map<String, String> settings = new TreeMap<>();
        Manifests.documents(Manifests.KUBERNETES.resolve(file))
                .get(0)
                .at("/spec/flinkConfiguration")
                .fields()
                .forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
        return settings;
    }

    /** Every option of the classes the deployment configures, by key and by deprecated key. */
    private static Map<String, ConfigOption<?>> options() throws IllegalAccessException {
        Map<String, ConfigOption<?>> options = new TreeMap<>();
        for (Class<?> holder :
                List.of(
                        CheckpointingOptions.class,
                        StateBackendOptions.class,
                        HighAvailabilityOptions.class,
                        RestartStrategyOptions.class,
                        TaskManagerOptions.class)) {
            for (Field field : holder.getFields()) {
                if (Modifier.isStatic(field.getModifiers())
                        && ConfigOption.class.isAssignableFrom(field.getType())) {
                    ConfigOption<?> option = (ConfigOption<?>) field.get(null);
                    options.put(option.key(), option);
                    for (FallbackKey fallback : option.fallbackKeys()) {
                        options.putIfAbsent(fallback.getKey(), option);
                    }
                }
            }
        }
        return options;
    }
}
