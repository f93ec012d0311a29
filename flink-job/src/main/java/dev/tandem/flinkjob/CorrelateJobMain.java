package dev.tandem.flinkjob;

import dev.tandem.jobs.kafka.KafkaCorrelation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The correlate job on a Flink cluster: the main class of {@code tandem-flink-job.jar}. The same
 * job as {@code tandem correlate} ({@link KafkaCorrelation}), with the cluster's environment:
 * checkpoint storage, parallelism and restarts come from the cluster and the submission.
 *
 * <pre>
 * flink run -d tandem-flink-job.jar --bootstrap-servers kafka:9092 --archive s3://bucket/edges
 * </pre>
 */
public final class CorrelateJobMain {
    /** The job's name on the cluster (REST {@code /jobs/overview}, the web UI). */
    public static final String JOB_NAME = "tandem correlate";

    private CorrelateJobMain() {}

    public static void main(String[] args) throws Exception {
        CorrelateJobArguments arguments = CorrelateJobArguments.parse(args);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        configure(env, arguments);
        new KafkaCorrelation(arguments.kafka(), arguments.correlate()).addTo(env);
        env.execute(JOB_NAME);
    }

    /**
     * Exactly-once checkpoints, kept when the job is cancelled: the edges sink commits its Kafka
     * transactions and the archive its files on each one, and a resubmission can start from the
     * last.
     */
    static void configure(StreamExecutionEnvironment env, CorrelateJobArguments arguments) {
        Configuration config = new Configuration();
        config.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        env.configure(config);
        env.enableCheckpointing(
                arguments.checkpointInterval().toMillis(), CheckpointingMode.EXACTLY_ONCE);
    }
}
