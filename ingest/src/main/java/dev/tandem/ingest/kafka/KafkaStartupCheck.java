package dev.tandem.ingest.kafka;

import java.time.Duration;
import java.util.Collection;
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
import org.apache.kafka.common.KafkaException;

/**
 * The check a command makes before it starts its Kafka clients: Kafka answers within a bound, and
 * has the topics the command uses (or gets them). Kafka's own clients retry a wrong address or a
 * stopped broker without end and in silence, so without this a typo in {@code --bootstrap-servers}
 * looks like a command that hangs. One check for every command, so they all fail alike.
 */
public final class KafkaStartupCheck {
    private KafkaStartupCheck() {}

    /**
     * Only that Kafka answers: for a command that waits for its topics rather than requiring them.
     *
     * @throws KafkaStartupException naming the address and what is wrong
     */
    public static void requireAnswer(String bootstrapServers, Duration timeout) {
        requireTopics(bootstrapServers, timeout, List.of(), false);
    }

    /**
     * That Kafka answers and has {@code topics}.
     *
     * @param create whether to create missing topics (with {@link TopicAdmin}) instead of failing
     * @throws KafkaStartupException naming the address and what is wrong
     */
    public static void requireTopics(
            String bootstrapServers,
            Duration timeout,
            Collection<TopicSpec> topics,
            boolean create) {
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        Admin admin = null;
        try {
            // The same bound for the client's own timeouts, so that it gives up when we do.
            admin =
                    Admin.create(
                            Map.of(
                                    AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                    bootstrapServers,
                                    AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                                    ms,
                                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                                    ms));
            if (create) {
                new TopicAdmin(admin, timeout)
                        .ensureTopics(topics, TopicOverrides.none())
                        .requireCompatible();
                return;
            }
            Set<String> present =
                    admin.listTopics(new ListTopicsOptions().timeoutMs(ms))
                            .names()
                            .get(ms, TimeUnit.MILLISECONDS);
            Set<String> missing =
                    topics.stream()
                            .map(TopicSpec::name)
                            .filter(name -> !present.contains(name))
                            .collect(Collectors.toCollection(TreeSet::new));
            if (!missing.isEmpty()) {
                throw new KafkaStartupException(
                        "Kafka at "
                                + bootstrapServers
                                + " lacks the topics "
                                + missing
                                + "; create them (add --create-topics) or ask the cluster's operator",
                        null);
            }
        } catch (TimeoutException e) {
            throw unreachable(bootstrapServers, timeout, e);
        } catch (ExecutionException | TopicAdminException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (isTimeout(cause) || isTimeout(cause.getCause())) {
                throw unreachable(bootstrapServers, timeout, cause);
            }
            throw new KafkaStartupException(
                    "cannot use Kafka at " + bootstrapServers + ": " + cause.getMessage(), cause);
        } catch (IncompatibleTopicsException e) {
            throw new KafkaStartupException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaStartupException("interrupted while checking Kafka's topics", e);
        } catch (KafkaException e) {
            // The client's own message ("Failed to create new KafkaAdminClient") hides the reason,
            // such as "No resolvable bootstrap urls given in bootstrap.servers", in its cause.
            throw new KafkaStartupException(
                    "cannot use Kafka at " + bootstrapServers + ": " + innermostMessage(e), e);
        } finally {
            if (admin != null) {
                // Nothing is left to wait for. A plain close() waits for calls still in flight,
                // and to a server that accepts connections but never answers (not Kafka, or a
                // hung broker) it waited for minutes.
                admin.close(Duration.ZERO);
            }
        }
    }

    private static boolean isTimeout(Throwable e) {
        return e instanceof TimeoutException
                || e instanceof org.apache.kafka.common.errors.TimeoutException;
    }

    private static KafkaStartupException unreachable(
            String bootstrapServers, Duration timeout, Throwable cause) {
        return new KafkaStartupException(
                "Kafka at "
                        + bootstrapServers
                        + " did not answer within "
                        + timeout.toSeconds()
                        + " s; check --bootstrap-servers and that the broker runs",
                cause);
    }

    private static String innermostMessage(Throwable e) {
        String message = e.getMessage();
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null) {
                message = cause.getMessage();
            }
        }
        return message;
    }
}
