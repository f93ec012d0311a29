package dev.tandem.jobs.correlate;

import static dev.tandem.jobs.correlate.ShopLines.aggregatedFlow;
import static dev.tandem.jobs.correlate.ShopLines.envelope;
import static dev.tandem.jobs.correlate.ShopLines.inboundAtPayment;
import static dev.tandem.jobs.correlate.ShopLines.lines;
import static dev.tandem.jobs.correlate.ShopLines.outboundToPayment;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.InMemoryReporter;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.util.CloseableIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The job's metrics on a MiniCluster, read back through an in-memory reporter that keeps the
 * metrics of the finished job, against a known input: every counter equals what the outputs hold.
 */
class CorrelateMetricsIT {
    private static final InMemoryReporter REPORTER = InMemoryReporter.createWithRetainedMetrics();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .setConfiguration(REPORTER.addToConfiguration(new Configuration()))
                            .build());

    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final String TRUNCATED_JSON = "{\"start_time\": 17639";
    private static final int PARALLELISM = 2;

    @Test
    void countersMatchTheOutputsOfAKnownInput() throws Exception {
        List<RawLine> flows =
                lines(
                        "flows",
                        aggregatedFlow(
                                "checkoutservice-598d5b586d-*",
                                "paymentservice-7d8f9c6b5d-*",
                                50051,
                                "src",
                                T0),
                        aggregatedFlow(
                                "checkoutservice-598d5b586d-*",
                                "paymentservice-7d8f9c6b5d-*",
                                50051,
                                "dst",
                                T0),
                        aggregatedFlow(
                                "checkoutservice-598d5b586d-*",
                                "shippingservice-6c9b8c7d5f-*",
                                50051,
                                "src",
                                T0),
                        TRUNCATED_JSON,
                        TRUNCATED_JSON,
                        TRUNCATED_JSON);
        List<RawLine> proxy =
                lines(
                        "proxy",
                        envelope(
                                "checkoutservice-598d5b586d-x7k2p",
                                outboundToPayment("2026-11-20T10:01:00.000Z")),
                        envelope(
                                "paymentservice-7d8f9c6b5d-q2w8p",
                                inboundAtPayment("2026-11-20T10:01:00.010Z")),
                        outboundToPayment("2026-11-20T10:01:00.000Z"));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setRuntimeMode(RuntimeExecutionMode.STREAMING);
        env.setParallelism(PARALLELISM);
        List<CloseableIterator<EdgeWindow>> edges = new ArrayList<>();
        List<CloseableIterator<DeadLetter>> letters = new ArrayList<>();
        new CorrelateJob(
                        new CorrelateSources(
                                SourceBinding.of(flows, ModelTypes.RAW_LINE),
                                SourceBinding.of(proxy, ModelTypes.RAW_LINE),
                                CorrelateSources.NO_INVENTORY),
                        new CorrelateSinks(
                                stream -> edges.add(stream.collectAsync()),
                                SinkBinding.discard(),
                                stream -> letters.add(stream.collectAsync()),
                                SinkBinding.discard()),
                        CorrelateSettings.defaults())
                .addTo(env);
        JobID job = env.execute("correlate-metrics-it").getJobID();
        List<EdgeWindow> windows = drain(edges.get(0));
        List<DeadLetter> dead = drain(letters.get(0));
        Map<String, Metric> metrics = tandemMetrics(job);

        assertThat(sum(metrics, "tandem.source.flows.recordsIn")).isEqualTo(flows.size());
        assertThat(sum(metrics, "tandem.source.proxy.recordsIn")).isEqualTo(proxy.size());
        assertThat(sum(metrics, "tandem.source.inventory.recordsIn")).isZero();

        List<DeadLetterReason> truncated =
                dead.stream()
                        .filter(d -> d.originalText().equals(TRUNCATED_JSON))
                        .map(DeadLetter::reason)
                        .distinct()
                        .toList();
        assertThat(truncated).hasSize(1);
        assertThat(sum(metrics, "tandem.reason." + truncated.get(0) + ".deadLetters"))
                .as("three truncated flow lines")
                .isEqualTo(3);
        assertThat(sum(metrics, "tandem.reason.MISSING_FIELD.deadLetters"))
                .as("the bare line nothing attributes")
                .isEqualTo(1);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            assertThat(sum(metrics, "tandem.reason." + reason + ".deadLetters"))
                    .as(reason.name())
                    .isEqualTo(dead.stream().filter(d -> d.reason() == reason).count());
        }

        assertThat(windows).extracting(EdgeWindow::verdict).hasSize(2);
        for (Verdict verdict : Verdict.values()) {
            assertThat(sum(metrics, "tandem.verdict." + verdict + ".verdicts"))
                    .as(verdict.name())
                    .isEqualTo(windows.stream().filter(w -> w.verdict() == verdict).count());
        }

        assertThat(gauges(metrics, "tandem.source.flows.watermarkLagMillis"))
                .as("event time of 2026-11-20 trails the clock")
                .isNotEmpty()
                .anySatisfy(lag -> assertThat(lag).isGreaterThan(0L));
        assertThat(gauges(metrics, "tandem.source.proxy.watermarkLagMillis")).isNotEmpty();
        assertThat(gauges(metrics, "tandem.openWindows"))
                .as("every window judged and dropped at the end of the input")
                .hasSize(PARALLELISM)
                .containsOnly(0L);
        assertThat(gauges(metrics, "tandem.openEdges")).hasSize(PARALLELISM).containsOnly(0L);
        assertThat(gauges(metrics, "tandem.pendingEvidence")).containsOnly(0L);
        assertThat(gauges(metrics, "tandem.inventoryIps")).containsOnly(0L);
    }

    /**
     * Tandem's metrics of {@code job} by identifier (the reporter's own by-identifier view trips
     * over Flink's network metrics, which two collect sinks of one name register twice).
     */
    private static Map<String, Metric> tandemMetrics(JobID job) {
        Map<String, Metric> metrics = new TreeMap<>();
        REPORTER.getMetricsByGroup()
                .forEach(
                        (group, byName) -> {
                            if (job.toString().equals(group.getAllVariables().get("<job_id>"))) {
                                byName.forEach(
                                        (name, metric) -> {
                                            String id = group.getMetricIdentifier(name);
                                            if (id.contains("." + TandemMetrics.GROUP + ".")) {
                                                metrics.put(id, metric);
                                            }
                                        });
                            }
                        });
        return metrics;
    }

    private static <T> List<T> drain(CloseableIterator<T> iterator) throws Exception {
        List<T> all = new ArrayList<>();
        iterator.forEachRemaining(all::add);
        iterator.close();
        return all;
    }

    /** The sum over all operators and subtasks of the counters named {@code suffix}. */
    private static long sum(Map<String, Metric> metrics, String suffix) {
        List<Counter> counters =
                metrics.entrySet().stream()
                        .filter(e -> e.getKey().endsWith("." + suffix))
                        .map(e -> (Counter) e.getValue())
                        .toList();
        assertThat(counters).as("counters named " + suffix).isNotEmpty();
        return counters.stream().mapToLong(Counter::getCount).sum();
    }

    private static List<Long> gauges(Map<String, Metric> metrics, String suffix) {
        return metrics.entrySet().stream()
                .filter(e -> e.getKey().endsWith("." + suffix))
                .map(e -> ((Number) ((Gauge<?>) e.getValue()).getValue()).longValue())
                .toList();
    }
}
