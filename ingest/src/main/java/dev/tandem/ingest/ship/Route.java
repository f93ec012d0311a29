package dev.tandem.ingest.ship;

import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.kafka.TopicSpec;
import dev.tandem.ingest.kafka.Topics;

/**
 * Where {@link LineRouter} sends one line: a raw topic, nowhere (a blank line), or the dead letter
 * topic with a reason. The instances are constants, so routing allocates nothing.
 *
 * @param topic the topic, or null for a blank line
 * @param reason why the line is a dead letter, or null when it is not one
 * @param detail the dead letter's one-line detail, or null
 */
record Route(TopicSpec topic, DeadLetterReason reason, String detail) {
    static final Route FLOWS = new Route(Topics.FLOWS_RAW, null, null);
    static final Route PROXY = new Route(Topics.PROXY_RAW, null, null);
    static final Route BLANK = new Route(null, null, null);

    static Route deadLetter(DeadLetterReason reason, String detail) {
        return new Route(Topics.DEADLETTER, reason, detail);
    }

    boolean isDeadLetter() {
        return reason != null;
    }

    boolean isBlank() {
        return topic == null;
    }
}
