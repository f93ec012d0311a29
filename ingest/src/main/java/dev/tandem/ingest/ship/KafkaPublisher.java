package dev.tandem.ingest.ship;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends records through one shared producer and reports each one's fate to its {@link Delivery}.
 *
 * <p>When Kafka is down, the producer keeps what it holds (bounded by {@code buffer.memory}) and
 * retries without end; once that buffer is full, {@code send} gives up after {@code max.block.ms}.
 * This class then logs one clear line and sends again, so the reader blocks (back pressure) and
 * nothing is dropped. A non-retriable error (authorization, a fenced producer) is fatal: every
 * later call throws {@link ShipException}, and offsets are never saved past the refused record.
 *
 * <p>Thread-safe, like the producer.
 */
final class KafkaPublisher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaPublisher.class);
    private static final long WARN_EVERY_NANOS = Duration.ofSeconds(15).toNanos();

    private final Producer<byte[], byte[]> producer;
    private final String brokers;
    private final LongAdder sent = new LongAdder();
    // Written only by the producer's I/O thread, where acknowledgements arrive: a plain
    // read-and-release-store instead of an atomic add per record.
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicReference<Exception> fatal = new AtomicReference<>();
    // Read and written only by warnIfStalled (one scheduled thread): whether acknowledgements
    // still come is seen from the count, so the producer's I/O thread writes no time per record.
    private long lastSeenAcknowledged;
    private long lastProgressNanos = System.nanoTime();
    private volatile long lastWarnNanos;

    KafkaPublisher(Producer<byte[], byte[]> producer, String brokers) {
        this.producer = Objects.requireNonNull(producer, "producer");
        this.brokers = Objects.requireNonNull(brokers, "brokers");
    }

    /**
     * Hands one record to the producer, blocking while Kafka cannot take it.
     *
     * @throws ShipException when Kafka refused a record for good
     * @throws InterruptedException when the thread is interrupted while waiting for Kafka
     */
    void publish(String topic, byte[] key, byte[] value, Delivery delivery)
            throws InterruptedException {
        ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, null, key, value);
        while (true) {
            failIfFatal();
            SendCallback callback = new SendCallback(delivery, Thread.currentThread());
            producer.send(record, callback);
            Exception refused = callback.returned();
            if (refused == null) {
                sent.increment();
                return;
            }
            if (!(refused instanceof RetriableException)) {
                fatal.compareAndSet(null, refused);
                failIfFatal();
            }
            warnThrottled(
                    "Kafka at {} is not taking records ({}); {} records wait for acknowledgement;"
                            + " retrying, nothing is dropped",
                    brokers,
                    refused.getMessage(),
                    waiting());
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for Kafka at " + brokers);
            }
        }
    }

    /**
     * Logs when records wait for Kafka and no acknowledgement came for a while. Meant to be called
     * at a steady pace (every second): silence is measured between calls.
     */
    synchronized void warnIfStalled(Duration after) {
        long now = System.nanoTime();
        long acks = acknowledged.get();
        long waiting = waiting();
        if (acks != lastSeenAcknowledged || waiting == 0) {
            lastSeenAcknowledged = acks;
            lastProgressNanos = now;
            return;
        }
        long silentNanos = now - lastProgressNanos;
        if (silentNanos > after.toNanos()) {
            warnThrottled(
                    "no acknowledgement from Kafka at {} for {} s; {} records wait; retrying,"
                            + " nothing is dropped",
                    brokers,
                    Duration.ofNanos(silentNanos).toSeconds(),
                    waiting);
        }
    }

    /** Records handed to the producer so far. */
    long sent() {
        return sent.sum();
    }

    /** Records Kafka acknowledged so far. */
    long acknowledged() {
        return acknowledged.get();
    }

    /** Records handed over and not yet acknowledged. */
    long waiting() {
        return Math.max(0, sent.sum() - acknowledged.get());
    }

    /** Sends what the producer holds now, without waiting for linger. */
    void flush() {
        producer.flush();
    }

    /**
     * Like {@link #flush}, for a reading thread that must stay interruptible: the producer reports
     * an interrupt as its own unchecked exception.
     */
    void flushInterruptibly() throws InterruptedException {
        try {
            producer.flush();
        } catch (InterruptException e) {
            Thread.interrupted(); // the exception re-set the flag; the checked one replaces it
            InterruptedException interrupted =
                    new InterruptedException("interrupted while flushing to Kafka at " + brokers);
            interrupted.initCause(e);
            throw interrupted;
        }
    }

    void failIfFatal() {
        Exception cause = fatal.get();
        if (cause != null) {
            throw new ShipException("Kafka at " + brokers + " refused records: " + cause, cause);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }

    private void warnThrottled(String format, Object... args) {
        long now = System.nanoTime();
        if (now - lastWarnNanos > WARN_EVERY_NANOS) {
            lastWarnNanos = now;
            LOG.warn(format, args);
        }
    }

    /**
     * A record the producer could not even take (buffer full, no metadata) is reported to the
     * callback on the sending thread before {@code send} returns; every other outcome arrives on
     * the producer's I/O thread. The first kind is retried by {@link #publish}, so it must not
     * reach the delivery.
     */
    private final class SendCallback implements Callback {
        private final Delivery delivery;
        private final Thread sender;
        private boolean returned;
        private Exception refused;

        SendCallback(Delivery delivery, Thread sender) {
            this.delivery = delivery;
            this.sender = sender;
        }

        Exception returned() {
            returned = true;
            return refused;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception exception) {
            if (exception != null && !returned && Thread.currentThread() == sender) {
                refused = exception;
                return;
            }
            if (exception == null) {
                acknowledged.lazySet(acknowledged.get() + 1);
                delivery.acknowledged();
            } else {
                fatal.compareAndSet(null, exception);
                LOG.error(
                        "Kafka at {} refused a record for good: {}", brokers, exception.toString());
                delivery.failed(exception);
            }
        }
    }
}
