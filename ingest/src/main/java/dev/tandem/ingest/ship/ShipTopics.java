package dev.tandem.ingest.ship;

import dev.tandem.ingest.kafka.KafkaStartupCheck;
import dev.tandem.ingest.kafka.KafkaStartupException;
import dev.tandem.ingest.kafka.TopicAdmin;
import dev.tandem.ingest.kafka.TopicSpec;
import dev.tandem.ingest.kafka.Topics;
import java.time.Duration;
import java.util.List;

/**
 * The topics the shipper writes, and the check before shipping that Kafka answers and has them (or
 * gets them): {@link KafkaStartupCheck}, as for every command, so a wrong address or a missing
 * topic is one clear message at start, not a producer blocking in silence.
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
        try {
            KafkaStartupCheck.requireTopics(bootstrapServers, timeout, WRITTEN, create);
        } catch (KafkaStartupException e) {
            throw new ShipException(e.getMessage(), e);
        }
    }
}
