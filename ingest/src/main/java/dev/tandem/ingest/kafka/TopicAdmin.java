package dev.tandem.ingest.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Makes sure Tandem's topics exist as specified: creates the missing ones with their configs, and
 * checks the existing ones without ever changing them.
 *
 * <p>An existing topic is usable when its {@code cleanup.policy} is exactly the required one and it
 * has at least the required partitions (more only spreads the load). Anything else is reported, not
 * repaired: altering a live topic (recompacting, repartitioning) is an operator's decision.
 * Retention and other configs of an existing topic are left as the operator set them.
 */
public final class TopicAdmin {
    private static final Duration METADATA_RETRY = Duration.ofMillis(100);

    private final Admin admin;
    private final Duration timeout;

    /**
     * @param admin the Kafka admin client to use; the caller keeps ownership and closes it
     * @param timeout how long each request to Kafka may take
     */
    public TopicAdmin(Admin admin, Duration timeout) {
        this.admin = Objects.requireNonNull(admin, "admin");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
    }

    /**
     * Creates every topic of {@code specs} (with {@code overrides} applied) that does not exist,
     * and checks those that do. Safe to call again: a second call creates nothing and reports the
     * same.
     *
     * @return what was created, what existed, and every incompatible setting found; call {@link
     *     TopicReport#requireCompatible()} to fail on problems
     * @throws IllegalArgumentException when two specs share a name or an override names a topic
     *     that is not among {@code specs}
     * @throws TopicAdminException when Kafka does not answer within the timeout or refuses a
     *     request
     */
    public TopicReport ensureTopics(Collection<TopicSpec> specs, TopicOverrides overrides) {
        SortedMap<String, TopicSpec> wanted = withOverrides(specs, overrides);
        Set<String> present =
                await(
                        ms -> admin.listTopics(new ListTopicsOptions().timeoutMs(ms)).names(),
                        "list topics");

        List<String> created = new ArrayList<>();
        List<String> existing = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (String name : wanted.keySet()) {
            (present.contains(name) ? existing : missing).add(name);
        }
        if (!missing.isEmpty()) {
            createEach(missing, wanted, created, existing);
        }
        existing.sort(null);
        return new TopicReport(created, existing, check(existing, wanted));
    }

    private static SortedMap<String, TopicSpec> withOverrides(
            Collection<TopicSpec> specs, TopicOverrides overrides) {
        SortedMap<String, TopicSpec> wanted = new TreeMap<>();
        for (TopicSpec spec : specs) {
            if (wanted.put(spec.name(), overrides.applyTo(spec)) != null) {
                throw new IllegalArgumentException("topic " + spec.name() + " is specified twice");
            }
        }
        Set<String> unknown = new TreeSet<>(overrides.topics());
        unknown.removeAll(wanted.keySet());
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "topic overrides name unknown topics "
                            + unknown
                            + "; known: "
                            + wanted.keySet());
        }
        return wanted;
    }

    /**
     * Creates {@code missing}; a topic that another process created meanwhile counts as existing
     * and is checked like one.
     */
    private void createEach(
            List<String> missing,
            Map<String, TopicSpec> wanted,
            List<String> created,
            List<String> existing) {
        List<NewTopic> newTopics =
                missing.stream()
                        .map(wanted::get)
                        .map(TopicAdmin::newTopic)
                        .collect(Collectors.toList());
        // The same bound goes to the admin client, so that a call it gives up on does not linger in
        // it (and in Admin.close()) for the client's own default of 60 s.
        int timeoutMs = (int) Math.min(timeout.toMillis(), Integer.MAX_VALUE);
        Map<String, KafkaFuture<Void>> results =
                admin.createTopics(newTopics, new CreateTopicsOptions().timeoutMs(timeoutMs))
                        .values();
        List<String> failures = new ArrayList<>();
        for (String name : missing) {
            try {
                results.get(name).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                created.add(name);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof TopicExistsException) {
                    existing.add(name);
                } else if (e.getCause()
                        instanceof org.apache.kafka.common.errors.TimeoutException) {
                    failures.add(name + ": no answer within " + timeout.toMillis() + " ms");
                } else {
                    failures.add(name + ": " + e.getCause().getMessage());
                }
            } catch (TimeoutException e) {
                failures.add(name + ": no answer within " + timeout.toMillis() + " ms");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicAdminException("interrupted while creating topics", e);
            }
        }
        if (!failures.isEmpty()) {
            throw new TopicAdminException(
                    "could not create Kafka topics: " + String.join("; ", failures), null);
        }
    }

    private static NewTopic newTopic(TopicSpec spec) {
        // No replication factor: the cluster's default.replication.factor applies, which its
        // operator chose for its size (the embedded broker's is 1).
        return new NewTopic(spec.name(), Optional.of(spec.partitions()), Optional.empty())
                .configs(spec.topicConfigs());
    }

    private List<TopicProblem> check(List<String> existing, Map<String, TopicSpec> wanted) {
        if (existing.isEmpty()) {
            return List.of();
        }
        Map<String, TopicDescription> descriptions =
                await(
                        ms ->
                                admin.describeTopics(
                                                existing, new DescribeTopicsOptions().timeoutMs(ms))
                                        .allTopicNames(),
                        "describe topics");
        List<ConfigResource> resources =
                existing.stream()
                        .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name))
                        .collect(Collectors.toList());
        Map<ConfigResource, Config> configs =
                await(
                        ms ->
                                admin.describeConfigs(
                                                resources,
                                                new DescribeConfigsOptions().timeoutMs(ms))
                                        .all(),
                        "describe topic configs");

        List<TopicProblem> problems = new ArrayList<>();
        for (String name : existing) {
            TopicSpec spec = wanted.get(name);
            // Checked in the order of the setting names, so problems come out sorted.
            ConfigEntry policy =
                    configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name))
                            .get(TopicConfig.CLEANUP_POLICY_CONFIG);
            String actualPolicy = policy == null ? "(unknown)" : policy.value();
            if (CleanupPolicy.fromConfigValue(actualPolicy).orElse(null) != spec.cleanupPolicy()) {
                problems.add(
                        new TopicProblem(
                                name,
                                TopicConfig.CLEANUP_POLICY_CONFIG,
                                spec.cleanupPolicy().configValue(),
                                actualPolicy));
            }
            int partitions = descriptions.get(name).partitions().size();
            if (partitions < spec.partitions()) {
                problems.add(
                        new TopicProblem(
                                name,
                                "partitions",
                                "at least " + spec.partitions(),
                                Integer.toString(partitions)));
            }
        }
        return problems;
    }

    /**
     * Sends {@code request} (given the milliseconds left) and waits for its answer within the
     * timeout. A topic that was just created, here or by another process, can be missing from the
     * broker's metadata for a moment ({@link UnknownTopicOrPartitionException}): such a request is
     * sent again until the timeout.
     */
    private <T> T await(IntFunction<KafkaFuture<T>> request, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            int left =
                    (int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
            try {
                return request.apply(left).get(left, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof UnknownTopicOrPartitionException
                        && System.nanoTime() + METADATA_RETRY.toNanos() < deadline) {
                    sleep(METADATA_RETRY, what);
                    continue;
                }
                if (cause instanceof org.apache.kafka.common.errors.TimeoutException) {
                    throw timedOut(what, cause);
                }
                throw new TopicAdminException(
                        "Kafka refused to " + what + ": " + cause.getMessage(), cause);
            } catch (TimeoutException e) {
                throw timedOut(what, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TopicAdminException("interrupted while waiting to " + what, e);
            }
        }
    }

    private static void sleep(Duration duration, String what) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TopicAdminException("interrupted while waiting to " + what, e);
        }
    }

    private TopicAdminException timedOut(String what, Throwable cause) {
        return new TopicAdminException(
                "Kafka did not " + what + " within " + timeout.toMillis() + " ms", cause);
    }
}
