package dev.tandem.bench;

import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.jobgraph.JobGraph;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * One MiniCluster for the whole benchmark, so that every timed job finds a warm cluster: starting
 * one per job would cost about a second and time the cluster, not the job. Jobs run in STREAMING
 * mode (as {@code tandem correlate} does), at parallelism 1, one at a time.
 */
final class LocalFlink implements AutoCloseable {
    private final MiniCluster cluster;

    /** One finished job: how long it took from submission to its result, and its accumulators. */
    record Run(long nanos, Map<String, Object> accumulators) {
        double recordsPerSecond(long records) {
            return records / (nanos / 1e9);
        }
    }

    LocalFlink() throws Exception {
        Configuration config = new Configuration();
        config.set(TaskManagerOptions.NUM_TASK_SLOTS, 1);
        cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(config)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(1)
                                .build());
        cluster.start();
    }

    /**
     * Builds a job with {@code graph} and runs it to its end. The job graph is built before the
     * clock starts; the time counts scheduling, running and the result.
     */
    Run run(String name, Consumer<StreamExecutionEnvironment> graph) throws Exception {
        Configuration config = new Configuration();
        config.set(ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
        config.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(config);
        env.setParallelism(1);
        graph.accept(env);
        StreamGraph stream = env.getStreamGraph();
        stream.setJobName(name);
        JobGraph job = stream.getJobGraph();
        long start = System.nanoTime();
        JobExecutionResult result = cluster.executeJobBlocking(job);
        long nanos = System.nanoTime() - start;
        return new Run(nanos, result.getAllAccumulatorResults());
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
