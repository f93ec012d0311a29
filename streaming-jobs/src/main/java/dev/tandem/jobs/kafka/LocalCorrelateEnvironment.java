package dev.tandem.jobs.kafka;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The Flink environment {@code tandem correlate} runs in on one machine: a local MiniCluster with
 * exactly-once checkpoints to a folder, kept when the program stops, and resumed from on the next
 * start. That is what makes a crash or a Ctrl-C cost nothing: the Kafka offsets, the open windows
 * and the alert state come back from the last checkpoint, and the edges sink's transactions after
 * it are aborted, so no edge is counted twice or lost.
 */
public final class LocalCorrelateEnvironment {
    private LocalCorrelateEnvironment() {}

    /**
     * @param parallelism subtasks per operator (and task slots of the local cluster)
     * @param checkpointDir where checkpoints go; created when missing
     * @param interval how often to checkpoint: also how often edges are committed to Kafka and
     *     archive files completed
     * @param restoreFrom a checkpoint to resume from ({@link #latestCheckpoint}), or null
     */
    public static StreamExecutionEnvironment create(
            int parallelism, Path checkpointDir, Duration interval, Path restoreFrom) {
        return create(parallelism, checkpointDir, interval, restoreFrom, OptionalInt.empty());
    }

    /**
     * As {@link #create(int, Path, Duration, Path)}, and with a port, Flink's Prometheus reporter
     * serves the job's metrics (docs/correlation.md, "Metrics") on {@code
     * http://HOST:PORT/metrics}, with the settings of {@code deploy/flink/metrics.yaml}. The
     * reporter listens on every interface: it has no address setting.
     */
    public static StreamExecutionEnvironment create(
            int parallelism,
            Path checkpointDir,
            Duration interval,
            Path restoreFrom,
            OptionalInt prometheusPort) {
        Objects.requireNonNull(checkpointDir, "checkpointDir");
        if (parallelism < 1) {
            throw new IllegalArgumentException(
                    "parallelism must be at least 1, was " + parallelism);
        }
        Configuration config = new Configuration();
        config.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        config.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                checkpointDir.toAbsolutePath().toUri().toString());
        config.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        if (restoreFrom != null) {
            config.set(
                    StateRecoveryOptions.SAVEPOINT_PATH,
                    restoreFrom.toAbsolutePath().toUri().toString());
            // Turning --archive off drops the archive sink's state instead of refusing to start.
            config.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, true);
        }
        prometheusPort.ifPresent(
                port -> {
                    if (port < 1 || port > 65_535) {
                        throw new IllegalArgumentException(
                                "metrics port must be within 1-65535, was " + port);
                    }
                    config.setString(
                            "metrics.reporter.prom.factory.class",
                            "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
                    config.setString("metrics.reporter.prom.port", Integer.toString(port));
                });
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.createLocalEnvironment(parallelism, config);
        env.enableCheckpointing(interval.toMillis(), CheckpointingMode.EXACTLY_ONCE);
        return env;
    }

    /**
     * The newest complete checkpoint under {@code checkpointDir} ({@code JOB/chk-N} with its {@code
     * _metadata}), if any: each run is a new job id, so the newest of all runs is the one to
     * resume.
     */
    public static Optional<Path> latestCheckpoint(Path checkpointDir) throws IOException {
        if (!Files.isDirectory(checkpointDir)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.find(checkpointDir, 3, (path, attrs) -> isMetadata(path))) {
            return files.max(Comparator.comparing(LocalCorrelateEnvironment::modified))
                    .map(Path::getParent);
        }
    }

    private static boolean isMetadata(Path path) {
        Path parent = path.getParent();
        return path.getFileName().toString().equals("_metadata")
                && parent != null
                && parent.getFileName().toString().startsWith("chk-");
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }
}
