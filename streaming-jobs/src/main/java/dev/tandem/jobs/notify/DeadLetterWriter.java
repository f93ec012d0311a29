package dev.tandem.jobs.notify;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.json.CanonicalJson;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the notifier's dead letters ({@link DeadLetter}, as {@code tandem ship} writes them):
 * alerts a webhook refused for good, with its answer, and records that are not alerts. Each write
 * waits for Kafka's acknowledgement, because the alert's offset is committed right after.
 */
final class DeadLetterWriter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterWriter.class);
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final KafkaProducer<byte[], byte[]> producer;
    private final String topic;

    DeadLetterWriter(String bootstrapServers, String topic) {
        this.topic = topic;
        this.producer =
                new KafkaProducer<>(
                        Map.of(
                                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                                bootstrapServers,
                                ProducerConfig.ACKS_CONFIG,
                                "all",
                                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                                true,
                                ProducerConfig.CLIENT_ID_CONFIG,
                                "tandem-notify-deadletter",
                                ProducerConfig.MAX_BLOCK_MS_CONFIG,
                                10_000),
                        new ByteArraySerializer(),
                        new ByteArraySerializer());
    }

    /**
     * {@code alert}, refused by {@code destination} with {@code status} and {@code response}. The
     * letter's original is the alert record, so it can be replayed once the cause is fixed.
     */
    void refused(
            PendingAlert alert,
            Destination destination,
            int status,
            String response,
            BooleanSupplier running)
            throws InterruptedException {
        String detail =
                destination.label()
                        + " refused alert "
                        + alert.alert().alertId()
                        + ": HTTP "
                        + status
                        + (response.isEmpty() ? "" : ": " + response);
        write(
                new DeadLetter(
                        "notify:" + destination.name(),
                        alert.offset(),
                        DeadLetterReason.REJECTED_BY_DESTINATION,
                        destination.webhookUrl().redact(detail),
                        alert.record()),
                alert.alert().alertId(),
                running);
    }

    /** A record of the alerts topic that is not a readable alert. */
    void unreadable(
            String source,
            long offset,
            DeadLetterReason reason,
            String detail,
            byte[] record,
            BooleanSupplier running)
            throws InterruptedException {
        write(new DeadLetter(source, offset, reason, detail, record), source, running);
    }

    /** Sends and waits; a Kafka outage is waited out (the offset must not move past the letter). */
    private void write(DeadLetter letter, String key, BooleanSupplier running)
            throws InterruptedException {
        byte[] value = CanonicalJson.toJsonLine(letter).getBytes(StandardCharsets.UTF_8);
        ProducerRecord<byte[], byte[]> record =
                new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), value);
        while (true) {
            try {
                producer.send(record).get(30, TimeUnit.SECONDS);
                return;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                if (!running.getAsBoolean()) {
                    throw new InterruptedException("stopped while writing a dead letter");
                }
                LOG.warn(
                        "cannot write a dead letter to {} ({}); retrying",
                        topic,
                        e.getClass().getSimpleName());
                Thread.sleep(RETRY.toMillis());
            }
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
