package dev.tandem.cli;

import dev.tandem.ingest.kafka.Topics;
import dev.tandem.jobs.correlate.CorrelateSettings;
import dev.tandem.jobs.kafka.KafkaCorrelateSettings;
import dev.tandem.jobs.kafka.KafkaCorrelation;
import dev.tandem.jobs.kafka.LocalCorrelateEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tandem correlate}: the streaming correlate job on a local Flink MiniCluster. */
@Command(
        name = "correlate",
        mixinStandardHelpOptions = true,
        description = {
            "Correlates flow logs with proxy access logs as they arrive in Kafka and finds traffic"
                    + " that bypassed the sidecar: the streaming job, on a Flink cluster inside this"
                    + " process, until stopped with Ctrl-C.",
            ""
        },
        footer = {
            "",
            "Reads:  tandem.flows.raw, tandem.proxy.raw, tandem.inventory",
            "Writes: tandem.edges       every edge window, exactly once: consumers read it",
            "                           with isolation.level=read_committed",
            "        tandem.alerts      one per new BYPASS_*, PLAINTEXT or DENIED finding per",
            "                           edge and verdict, again after --realert; the alertId",
            "                           is the same for the same edge, verdict and window",
            "        tandem.deadletter  input that could not be read, with a reason",
            "        --archive URI      the Parquet edge archive, day=/hour= partitions",
            "Checkpoints every 10 s into --checkpoint-dir; the next start resumes from the",
            "newest one there, so a crash or a stop loses and repeats nothing.",
            "Exit status 2 when Kafka does not answer or lacks the topics, or when --checkpoint-dir",
            "or --archive cannot be written or --metrics-port is taken: all checked at start.",
            "",
            "Example:",
            "  tandem correlate --bootstrap-servers kafka:9092 --archive /data/edges"
        })
final class CorrelateCommand implements Callable<Integer> {
    static final Duration CHECKPOINT_INTERVAL = Duration.ofSeconds(10);

    @Spec CommandSpec spec;

    @Mixin KafkaOptions kafkaOptions;

    @Option(
            names = "--archive",
            paramLabel = "URI",
            description =
                    "Also write every edge window to this Parquet archive: a folder, or a file://"
                            + " URI (other Flink file systems only with their jar on the class"
                            + " path); 'tandem recommend --archive' reads it.")
    String archive;

    @Option(
            names = "--parallelism",
            paramLabel = "N",
            defaultValue = "2",
            description = "Subtasks per operator. Default: ${DEFAULT-VALUE}.")
    int parallelism;

    @Mixin WindowOptions windowOptions;

    @Option(
            names = "--checkpoint-dir",
            paramLabel = "DIR",
            description =
                    "Where checkpoints go and are resumed from. Default: ~/.tandem/checkpoints.")
    Path checkpointDir;

    @Option(
            names = "--realert",
            paramLabel = "DURATION",
            defaultValue = "1h",
            description =
                    "How long before the same edge and verdict alerts again. Default:"
                            + " ${DEFAULT-VALUE}.")
    String realert;

    @Option(
            names = "--create-topics",
            description = "Create missing topics instead of stopping with an error.")
    boolean createTopics;

    @Mixin KafkaStartupOptions kafkaStartup;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            description =
                    "Serve the job's metrics for Prometheus on http://HOST:PORT/metrics, HOST"
                            + " being any of this machine's addresses (the reporter listens on"
                            + " every interface; names in docs/correlation.md). Default: off.")
    Integer metricsPort;

    @Override
    public Integer call() throws Exception {
        if (parallelism < 1) {
            throw new ParameterException(spec.commandLine(), "--parallelism must be at least 1");
        }
        if (metricsPort != null && (metricsPort < 1 || metricsPort > 65_535)) {
            throw new ParameterException(
                    spec.commandLine(), "--metrics-port must be within 1-65535");
        }
        String bootstrapServers = kafkaOptions.bootstrapServers();
        CorrelateSettings settings;
        KafkaCorrelateSettings kafka;
        try {
            settings = windowOptions.settings();
            kafka =
                    KafkaCorrelateSettings.of(bootstrapServers)
                            .withRealert(Durations.parse("--realert", realert))
                            .withArchive(archive);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        Path checkpoints =
                checkpointDir != null
                        ? checkpointDir
                        : UserHome.path().resolve(".tandem").resolve("checkpoints");
        // The local checks first: they are instant, and Kafka's may take --connect-timeout.
        WritableFolder.require("--checkpoint-dir", checkpoints);
        if (archive != null) {
            ArchiveLocation.require(archive);
        }
        if (metricsPort != null) {
            MetricsPort.requireFree(metricsPort);
        }
        kafkaStartup.requireTopics(bootstrapServers, Topics.ALL, createTopics);

        Optional<Path> resume;
        try {
            resume = LocalCorrelateEnvironment.latestCheckpoint(checkpoints);
        } catch (IOException e) {
            throw new UserError("cannot read checkpoints in " + checkpoints + ": " + e, e);
        }
        StreamExecutionEnvironment env =
                LocalCorrelateEnvironment.create(
                        parallelism,
                        checkpoints,
                        CHECKPOINT_INTERVAL,
                        resume.orElse(null),
                        metricsPort == null ? OptionalInt.empty() : OptionalInt.of(metricsPort));
        new KafkaCorrelation(kafka, settings).addTo(env);
        spec.commandLine()
                .getErr()
                .println(
                        "correlate: reading Kafka at "
                                + bootstrapServers
                                + (resume.map(p -> ", resuming from " + p).orElse(""))
                                + "; checkpoints in "
                                + checkpoints
                                + (archive == null ? "" : "; archive in " + archive)
                                + (metricsPort == null
                                        ? ""
                                        : "; metrics on port "
                                                + metricsPort
                                                + " of every interface, e.g. http://127.0.0.1:"
                                                + metricsPort
                                                + "/metrics")
                                + "; stop with Ctrl-C");
        env.execute("tandem correlate");
        return 0;
    }
}
