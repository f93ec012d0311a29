package dev.tandem.inventory.watch;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.inventory.InventoryItem;
import dev.tandem.ingest.inventory.InventoryKey;
import dev.tandem.ingest.inventory.InventorySerde;
import dev.tandem.ingest.json.CanonicalJson;
import dev.tandem.ingest.kafka.Topics;
import dev.tandem.ingest.model.PodRecord;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes inventory objects to {@code tandem.inventory} as {@code docs/inventory-topic.md}
 * describes: an object's state when it changes, and for a deletion first the final state (a pod's
 * with {@code validUntil} set, so that its IP's validity survives) and then a tombstone.
 *
 * <p>An object is sent only when its record differs from the last one sent for its key: most pod
 * updates (a container restart count, a condition's heartbeat) change nothing Tandem records, and
 * an informer's resync replays every object. A send that fails forgets its key, so the next resync
 * sends it again. Thread-safe: the informers of each kind call it from their own threads.
 */
public final class InventoryPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InventoryPublisher.class);

    private final Producer<byte[], byte[]> producer;
    private final String topic;
    private final String deadLetterTopic;
    private final Clock clock;
    private final Map<InventoryKey, InventoryItem> lastSent = new HashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();

    /**
     * A publisher over {@code producer} (which it closes).
     *
     * @param clock tells the time of a deletion the API did not date
     */
    public InventoryPublisher(
            Producer<byte[], byte[]> producer, String topic, String deadLetterTopic, Clock clock) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.topic = Objects.requireNonNull(topic, "topic");
        this.deadLetterTopic = Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** A publisher to the Tandem topics of the Kafka cluster at {@code bootstrapServers}. */
    public static InventoryPublisher connect(String bootstrapServers, Clock clock) {
        return new InventoryPublisher(
                new KafkaProducer<>(ProducerSettings.inventory(bootstrapServers)),
                Topics.INVENTORY.name(),
                Topics.DEADLETTER.name(),
                clock);
    }

    /** Publishes the current state of an object, unless it is what was last sent for its key. */
    public synchronized void upsert(InventoryItem item) {
        InventoryKey key = item.key();
        if (item.equals(lastSent.get(key))) {
            return;
        }
        lastSent.put(key, item);
        send(key, item);
    }

    /**
     * Publishes that an object is gone: its final state, then a tombstone. A pod's final record
     * says until when its IPs were its own: the deletion time Kubernetes set (when the pod ended
     * before that), else now, when the deletion was seen.
     *
     * @param lastKnown the object's last state as the API or the informer's cache had it
     */
    public synchronized void delete(InventoryItem lastKnown) {
        InventoryKey key = lastKnown.key();
        InventoryItem last = lastKnown;
        if (lastKnown instanceof InventoryItem.Pod pod) {
            last = new InventoryItem.Pod(ended(pod.record(), clock.instant()));
        }
        lastSent.remove(key);
        send(key, last);
        send(key, null);
    }

    /** Publishes a dead letter for an object that could not be read. */
    public void deadLetter(DeadLetter letter) {
        LOG.warn("inventory: skipped {}: {}", letter.source(), letter.detail());
        byte[] value = CanonicalJson.toJsonLine(letter).getBytes(StandardCharsets.UTF_8);
        producer.send(
                new ProducerRecord<>(deadLetterTopic, null, value),
                (metadata, error) -> {
                    if (error != null) {
                        LOG.error(
                                "inventory: could not publish a dead letter: {}", error.toString());
                    }
                });
    }

    /** Waits until every message handed over so far is acknowledged, or has failed. */
    public void flush() {
        producer.flush();
    }

    /** How many inventory messages (states and tombstones) were acknowledged. */
    public long sent() {
        return sent.get();
    }

    /** How many inventory messages could not be published. */
    public long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        producer.close();
    }

    private void send(InventoryKey key, InventoryItem item) {
        byte[] value = item == null ? null : InventorySerde.serializeValue(item);
        producer.send(
                new ProducerRecord<>(topic, InventorySerde.serializeKey(key), value),
                (metadata, error) -> {
                    if (error == null) {
                        sent.incrementAndGet();
                        return;
                    }
                    failed.incrementAndGet();
                    LOG.error(
                            "inventory: could not publish {} to {}: {}; it is sent again on the"
                                    + " next resync",
                            key,
                            topic,
                            error.toString());
                    forget(key, item);
                });
    }

    private synchronized void forget(InventoryKey key, InventoryItem item) {
        if (item != null && item.equals(lastSent.get(key))) {
            lastSent.remove(key);
        }
    }

    private static PodRecord ended(PodRecord pod, Instant now) {
        if (pod.validUntil() != null && !pod.validUntil().isAfter(now)) {
            return pod;
        }
        return new PodRecord(
                pod.namespace(),
                pod.name(),
                pod.uid(),
                pod.ips(),
                pod.validFrom(),
                now,
                pod.labels(),
                pod.serviceAccount(),
                pod.owner(),
                pod.workload(),
                pod.node(),
                pod.hostNetwork(),
                pod.sidecarPresent(),
                pod.phase());
    }
}
