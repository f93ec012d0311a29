package dev.tandem.ingest.ship;

import dev.tandem.ingest.kafka.KafkaStartupCheck;
import dev.tandem.ingest.kafka.TopicSpec;
import dev.tandem.ingest.kafka.Topics;
import java.util.List;

/**
 * The topics the shipper writes: what {@link KafkaStartupCheck} checks (or creates) before
 * shipping, so a wrong address or a missing topic is one clear message at start, not a producer
 * blocking in silence.
 */
public final class ShipTopics {
    /** The topics {@code tandem ship} writes. */
    public static final List<TopicSpec> WRITTEN =
            List.of(Topics.DEADLETTER, Topics.FLOWS_RAW, Topics.PROXY_RAW);

    private ShipTopics() {}
}
