package dev.tandem.cli.demo;

import dev.tandem.jobs.correlate.CorrelateSettings;
import dev.tandem.jobs.kafka.KafkaCorrelateSettings;
import dev.tandem.jobs.kafka.KafkaCorrelation;
import dev.tandem.jobs.kafka.LocalCorrelateEnvironment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;

/**
 * The streaming correlate job ({@link KafkaCorrelation}, exactly as {@code tandem correlate} runs
 * it) on a local MiniCluster, driven to a clean end: started on empty raw topics, it first takes in
 * the inventory; once everything shipped has been read, it is stopped with a draining savepoint,
 * which moves event time to its end so that every open window is judged, and commits the edges'
 * Kafka transactions and the archive's files on the way out.
 *
 * <p>Why not bounded sources: nothing orders the inventory before the evidence in a streaming job,
 * and a proxy line that arrives before its pod resolves through weaker fallbacks. Waiting for the
 * inventory's offsets to be committed (see {@link ConsumedOffsets}) before shipping is what makes
 * the demo's verdicts the same on every run.
 */
public final class DemoCorrelation implements AutoCloseable {
    /** Checkpoints often: each one is also when offsets are committed and progress is seen. */
    private static final Duration CHECKPOINT_INTERVAL = Duration.ofMillis(500);

    private final JobClient job;
    private final Path savepoints;
    private final ConsumedOffsets offsets;
    private boolean drained;

    private DemoCorrelation(JobClient job, Path savepoints, ConsumedOffsets offsets) {
        this.job = job;
        this.savepoints = savepoints;
        this.offsets = offsets;
    }

    /**
     * Starts the job.
     *
     * @param work a scratch folder for checkpoints and the final savepoint
     */
    public static DemoCorrelation start(
            String bootstrapServers,
            Admin admin,
            Path archive,
            CorrelateSettings settings,
            int parallelism,
            Path work)
            throws Exception {
        KafkaCorrelateSettings kafka =
                KafkaCorrelateSettings.of(bootstrapServers).withArchive(archive.toUri().toString());
        StreamExecutionEnvironment env =
                LocalCorrelateEnvironment.create(
                        parallelism, work.resolve("checkpoints"), CHECKPOINT_INTERVAL, null);
        new KafkaCorrelation(kafka, settings).addTo(env);
        JobClient job = env.executeAsync("tandem demo: correlate");
        return new DemoCorrelation(
                job, work.resolve("savepoints"), new ConsumedOffsets(admin, kafka.groupId()));
    }

    /**
     * Waits until the job has processed everything now in {@code topics}.
     *
     * @throws IllegalStateException when the job failed meanwhile
     */
    public void awaitConsumed(List<String> topics, Duration timeout) throws Exception {
        if (!offsets.await(topics, timeout, this::running)) {
            throw failure();
        }
    }

    /** Stops with a draining savepoint: every window judged, every output committed. */
    public void drain(Duration timeout) throws Exception {
        try {
            job.stopWithSavepoint(
                            true, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            job.getJobExecutionResult().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            drained = true;
        } catch (ExecutionException e) {
            throw failure();
        }
    }

    /** Cancels the job if it still runs (after an error elsewhere); the cluster goes with it. */
    @Override
    public void close() {
        if (!drained && running()) {
            try {
                job.cancel().get(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | TimeoutException e) {
                // The cluster shuts down with the process anyway; nothing more to do here.
            }
        }
    }

    private boolean running() {
        try {
            JobStatus status = job.getJobStatus().get(10, TimeUnit.SECONDS);
            return !status.isGloballyTerminalState();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException | IllegalStateException e) {
            // A local cluster is shut down with its job: asking it throws, and nothing runs.
            return false;
        }
    }

    private IllegalStateException failure() {
        try {
            job.getJobExecutionResult().get(10, TimeUnit.SECONDS);
            return new IllegalStateException("the correlate job stopped early");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            return new IllegalStateException("the correlate job failed: " + root, e);
        }
    }
}
