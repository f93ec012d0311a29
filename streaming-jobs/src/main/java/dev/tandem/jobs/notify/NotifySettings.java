package dev.tandem.jobs.notify;

import dev.tandem.ingest.kafka.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Everything an {@link AlertNotifier} needs. Build with {@link #of} for the defaults or {@link
 * #builder} to change some.
 *
 * @param bootstrapServers Kafka brokers, {@code host:port[,host:port]}
 * @param destinations where alerts go, at least one, unique names
 * @param groupId the consumer group; its committed offsets are how a restart resumes
 * @param alertsTopic the topic alerts are read from
 * @param deadLetterTopic where refused alerts and unreadable records go
 * @param quietPeriod after an edge and verdict alerted, further alerts of the pair within this
 *     period are held and sent as one message with a count at its end
 * @param rateLimitPerMinute messages each destination accepts per minute; a burst beyond it is one
 *     digest
 * @param retry how webhook requests are retried (the notifier never gives up on retryable ones)
 * @param dedupWindow how many recent alert ids are remembered to drop copies
 * @param maxPendingAlerts alerts held in memory (waiting for a quiet period, a rate limit or a
 *     webhook) before the notifier stops reading Kafka until some are delivered
 * @param pollTimeout the longest a poll of Kafka waits; also how often held groups are checked
 * @param sessionTimeout how long Kafka waits for a silent notifier before giving its partitions to
 *     another (or to its own restart, after a crash)
 * @param instanceId Kafka's static membership id ({@code group.instance.id}), or null: a notifier
 *     restarted with the same id takes its partitions back at once instead of after the session
 *     timeout; two running notifiers must never share one
 * @param stateDir a folder for the delivery journal ({@link DeliveryJournal}), or null: with it, a
 *     restart does not post again what a destination already accepted; without, alerts delivered
 *     after the last commit may be posted again
 */
public record NotifySettings(
        String bootstrapServers,
        List<Destination> destinations,
        String groupId,
        String alertsTopic,
        String deadLetterTopic,
        Duration quietPeriod,
        int rateLimitPerMinute,
        RetryPolicy retry,
        int dedupWindow,
        int maxPendingAlerts,
        Duration pollTimeout,
        Duration sessionTimeout,
        String instanceId,
        Path stateDir) {
    /** The default consumer group. */
    public static final String DEFAULT_GROUP_ID = "tandem-notify";

    public NotifySettings {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(alertsTopic, "alertsTopic");
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Objects.requireNonNull(quietPeriod, "quietPeriod");
        Objects.requireNonNull(retry, "retry");
        Objects.requireNonNull(pollTimeout, "pollTimeout");
        Objects.requireNonNull(sessionTimeout, "sessionTimeout");
        destinations = List.copyOf(Objects.requireNonNull(destinations, "destinations"));
        if (destinations.isEmpty()) {
            throw new NotifyConfigException("notify needs at least one destination");
        }
        Set<String> names = new HashSet<>();
        for (Destination destination : destinations) {
            if (!names.add(destination.name())) {
                throw new NotifyConfigException(
                        "two destinations are named '" + destination.name() + "'");
            }
        }
        if (quietPeriod.isNegative()) {
            throw new NotifyConfigException("the quiet period must not be negative");
        }
        if (rateLimitPerMinute < 1) {
            throw new NotifyConfigException("the rate limit must be at least 1 message a minute");
        }
        if (dedupWindow < 1 || maxPendingAlerts < 1) {
            throw new NotifyConfigException(
                    "the de-duplication window and the pending bound must be positive");
        }
        if (instanceId != null && instanceId.isBlank()) {
            throw new NotifyConfigException("the instance id must not be blank");
        }
        if (pollTimeout.isNegative() || pollTimeout.isZero()) {
            throw new NotifyConfigException("the poll timeout must be positive");
        }
    }

    /** The defaults: see {@link Builder}. */
    public static NotifySettings of(String bootstrapServers, List<Destination> destinations) {
        return builder(bootstrapServers, destinations).build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder(String bootstrapServers, List<Destination> destinations) {
        return new Builder(bootstrapServers, destinations);
    }

    /**
     * Defaults: group {@value #DEFAULT_GROUP_ID}, {@code tandem.alerts} and {@code
     * tandem.deadletter}, a 5-minute quiet period, 20 messages a minute per destination, {@link
     * RetryPolicy#defaults()}, 100,000 remembered ids, 10,000 pending alerts, 100 ms polls, Kafka's
     * 45 s session timeout, no static membership and no state folder.
     */
    public static final class Builder {
        private final String bootstrapServers;
        private final List<Destination> destinations;
        private String groupId = DEFAULT_GROUP_ID;
        private String alertsTopic = Topics.ALERTS.name();
        private String deadLetterTopic = Topics.DEADLETTER.name();
        private Duration quietPeriod = Duration.ofMinutes(5);
        private int rateLimitPerMinute = 20;
        private RetryPolicy retry = RetryPolicy.defaults();
        private int dedupWindow = 100_000;
        private int maxPendingAlerts = 10_000;
        private Duration pollTimeout = Duration.ofMillis(100);
        private Duration sessionTimeout = Duration.ofSeconds(45);
        private String instanceId;
        private Path stateDir;

        private Builder(String bootstrapServers, List<Destination> destinations) {
            this.bootstrapServers = bootstrapServers;
            this.destinations = destinations;
        }

        public Builder groupId(String value) {
            this.groupId = value;
            return this;
        }

        /** Other topic names, as {@code tandem correlate} may be told to use. */
        public Builder topics(String alerts, String deadLetters) {
            this.alertsTopic = alerts;
            this.deadLetterTopic = deadLetters;
            return this;
        }

        public Builder quietPeriod(Duration value) {
            this.quietPeriod = value;
            return this;
        }

        public Builder rateLimitPerMinute(int value) {
            this.rateLimitPerMinute = value;
            return this;
        }

        public Builder retry(RetryPolicy value) {
            this.retry = value;
            return this;
        }

        public Builder dedupWindow(int value) {
            this.dedupWindow = value;
            return this;
        }

        public Builder maxPendingAlerts(int value) {
            this.maxPendingAlerts = value;
            return this;
        }

        public Builder pollTimeout(Duration value) {
            this.pollTimeout = value;
            return this;
        }

        /** Kafka's consumer session timeout; brokers accept 6 s to 30 min by default. */
        public Builder sessionTimeout(Duration value) {
            this.sessionTimeout = value;
            return this;
        }

        /** A static membership id (a StatefulSet pod's name, say); none by default. */
        public Builder instanceId(String value) {
            this.instanceId = value;
            return this;
        }

        /**
         * A folder for the delivery journal (a volume in a deployment), so a restart does not post
         * again what a destination accepted; none by default.
         */
        public Builder stateDir(Path value) {
            this.stateDir = value;
            return this;
        }

        /**
         * The settings.
         *
         * @throws NotifyConfigException when a value is out of range
         */
        public NotifySettings build() {
            return new NotifySettings(
                    bootstrapServers,
                    destinations,
                    groupId,
                    alertsTopic,
                    deadLetterTopic,
                    quietPeriod,
                    rateLimitPerMinute,
                    retry,
                    dedupWindow,
                    maxPendingAlerts,
                    pollTimeout,
                    sessionTimeout,
                    instanceId,
                    stateDir);
        }
    }
}
