package dev.tandem.ingest.ship;

import dev.tandem.ingest.kafka.TopicAdmin;
import dev.tandem.ingest.kafka.TopicAdminException;
import dev.tandem.ingest.kafka.TopicOverrides;
import dev.tandem.ingest.kafka.TopicSpec;
import dev.tandem.ingest.kafka.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListTopicsOptions;

/**
 * Checks before shipping that Kafka answers and the topics the shipper writes exist (or creates
 * them), so a wrong address or a missing topic is one clear message at start, not a producer
 * blocking in silence.
 */
public final class ShipTopics {
    /** The topics {@code tandem ship} writes. */
    public static final List<TopicSpec> WRITTEN =
            List.of(Topics.DEADLETTER, Topics.FLOWS_RAW, Topics.PROXY_RAW);

    private ShipTopics() {}

    /**
     * @param create whether to create missing topics (with {@link TopicAdmin}) instead of failing
     * @throws ShipException naming the address and what is wrong
     */
    public static void ensure(String bootstrapServers, Duration timeout, boolean create) {
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                ms,
                                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                                ms))) {
            if (create) {
                new TopicAdmin(admin, timeout)
                        .ensureTopics(WRITTEN, TopicOverrides.none())
                        .requireCompatible();
                return;
            }
            Set<String> present =
                    admin.listTopics(new ListTopicsOptions().timeoutMs(ms))
                            .names()
                            .get(ms, TimeUnit.MILLISECONDS);
            Set<String> missing =
                    WRITTEN.stream()
                            .map(TopicSpec::name)
                            .filter(name -> !present.contains(name))
                            .collect(Collectors.toCollection(TreeSet::new));
            if (!missing.isEmpty()) {
                throw new ShipException(
                        "Kafka at "
                                + bootstrapServers
                                + " lacks the topics "
                                + missing
                                + "; create them (add --create-topics) or ask the cluster's operator",
                        null);
            }
        } catch (TimeoutException | TopicAdminException e) {
            throw unreachable(bootstrapServers, timeout, e);
        } catch (ExecutionException e) {
            throw unreachable(bootstrapServers, timeout, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ShipException("interrupted while checking Kafka's topics", e);
        } catch (org.apache.kafka.common.KafkaException e) {
            throw new ShipException(
                    "cannot use Kafka at " + bootstrapServers + ": " + e.getMessage(), e);
        }
    }

    private static ShipException unreachable(String servers, Duration timeout, Throwable cause) {
        return new ShipException(
                "Kafka at "
                        + servers
                        + " did not answer within "
                        + timeout.toSeconds()
                        + " s ("
                        + cause.getMessage()
                        + "); check --bootstrap-servers and that the broker runs",
                cause);
    }
}
