package dev.tandem.kafka.embedded;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Node;

/**
 * Waits until a broker answers a client the way producers and consumers will reach it: a metadata
 * request over the advertised listener that lists the broker as alive (registered and unfenced).
 */
final class ReadinessProbe {
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private ReadinessProbe() {}

    /**
     * Returns once {@code bootstrapServers} lists at least one alive broker.
     *
     * @throws IllegalStateException when that does not happen within {@code timeout}, naming the
     *     last error seen
     */
    static void awaitServing(String bootstrapServers, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastError = null;
        int requestTimeoutMs = (int) Math.min(Math.max(timeout.toMillis(), 1_000), 5_000);
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, requestTimeoutMs,
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, requestTimeoutMs,
                                AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50))) {
            while (System.nanoTime() < deadline) {
                try {
                    Collection<Node> nodes =
                            admin.describeCluster(
                                            new DescribeClusterOptions()
                                                    .timeoutMs(requestTimeoutMs))
                                    .nodes()
                                    .get(requestTimeoutMs, TimeUnit.MILLISECONDS);
                    if (!nodes.isEmpty()) {
                        return;
                    }
                    lastError = null;
                } catch (ExecutionException e) {
                    lastError = e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
                } catch (TimeoutException e) {
                    lastError = e;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(
                            "interrupted while waiting for Kafka at " + bootstrapServers, e);
                }
                sleep(POLL_INTERVAL);
            }
        }
        throw new IllegalStateException(
                "Kafka at "
                        + bootstrapServers
                        + " did not serve within "
                        + timeout.toMillis()
                        + " ms: "
                        + (lastError == null
                                ? "it answered but listed no alive broker"
                                : lastError.toString()));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }
}
