package dev.tandem.ingest.ship;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.json.CanonicalJson;
import dev.tandem.ingest.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns the lines of one input into Kafka records: routes each line, and publishes the raw bytes
 * (or a dead letter) under the input's key. One instance per input; thread-safe.
 */
final class LineShipper {
    /**
     * How much of a line a dead letter keeps when the whole line would not fit in one Kafka record
     * as JSON (escaping and base64 grow it): enough to see what the input was.
     */
    static final int DEAD_LETTER_PREFIX_BYTES = 64 * 1024;

    private static final int DEAD_LETTER_LIMIT = Topics.MAX_MESSAGE_BYTES - 64 * 1024;

    private final LineRouter router;
    private final KafkaPublisher publisher;
    private final ShipCounters counters;
    private final byte[] key;
    private final String source;

    /**
     * @param key the record key: every line of this input goes to one partition, in order
     * @param source the input's name in dead letters ({@code ship:/var/log/x.log})
     */
    LineShipper(
            LineRouter router,
            KafkaPublisher publisher,
            ShipCounters counters,
            String key,
            String source) {
        this.router = router;
        this.publisher = publisher;
        this.counters = counters;
        this.key = key.getBytes(StandardCharsets.UTF_8);
        this.source = source;
    }

    /**
     * The route of a line; a blank one needs no record.
     *
     * @param containsNul whether the line holds a NUL byte (binary data)
     */
    Route route(byte[] bytes, int offset, int length, boolean containsNul) {
        Route route = router.route(bytes, offset, length, containsNul);
        if (route.isBlank()) {
            counters.blank.increment();
        }
        return route;
    }

    /**
     * Publishes a routed, non-blank line.
     *
     * @param fullLength the line's length before the cap; a cut line becomes a dead letter
     * @param position the line number for a dead letter
     */
    void publish(
            Route route,
            byte[] bytes,
            int offset,
            int length,
            long fullLength,
            long position,
            Delivery delivery)
            throws InterruptedException {
        if (fullLength > length) {
            counters.deadLetters.increment();
            String detail =
                    "line of "
                            + fullLength
                            + " bytes exceeds the "
                            + length
                            + "-byte limit; its first bytes are kept";
            publisher.publish(
                    Topics.DEADLETTER.name(),
                    key,
                    deadLetter(DeadLetterReason.TOO_LARGE, detail, bytes, offset, length, position),
                    delivery);
        } else if (route.isDeadLetter()) {
            counters.deadLetters.increment();
            publisher.publish(
                    Topics.DEADLETTER.name(),
                    key,
                    deadLetter(route.reason(), route.detail(), bytes, offset, length, position),
                    delivery);
        } else {
            (route == Route.FLOWS ? counters.flows : counters.proxy).increment();
            // The producer copies the value into its batch during send() and keeps no reference,
            // but its serializer contract wants one byte[] holding exactly the value, so the line
            // is copied out of the reused read buffer once, here.
            publisher.publish(
                    route.topic().name(),
                    key,
                    Arrays.copyOfRange(bytes, offset, offset + length),
                    delivery);
        }
    }

    /**
     * Asks the producer to send what it holds now instead of after its linger time, and waits until
     * those records are acknowledged or refused; for the end of an input.
     */
    void flush() throws InterruptedException {
        publisher.flushInterruptibly();
    }

    private byte[] deadLetter(
            DeadLetterReason reason,
            String detail,
            byte[] bytes,
            int offset,
            int length,
            long position) {
        byte[] json = deadLetterJson(reason, detail, bytes, offset, length, position);
        if (json.length <= DEAD_LETTER_LIMIT) {
            return json;
        }
        int kept = Math.min(length, DEAD_LETTER_PREFIX_BYTES);
        return deadLetterJson(
                reason,
                detail + " (the dead letter keeps the first " + kept + " bytes)",
                bytes,
                offset,
                kept,
                position);
    }

    private byte[] deadLetterJson(
            DeadLetterReason reason,
            String detail,
            byte[] bytes,
            int offset,
            int length,
            long position) {
        DeadLetter letter =
                new DeadLetter(
                        source,
                        position,
                        reason,
                        detail,
                        Arrays.copyOfRange(bytes, offset, offset + length));
        return CanonicalJson.toJsonLine(letter).getBytes(StandardCharsets.UTF_8);
    }
}
