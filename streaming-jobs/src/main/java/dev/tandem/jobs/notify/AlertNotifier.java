package dev.tandem.jobs.notify;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code tandem notify}: reads {@code tandem.alerts} and posts each alert to the chat destinations
 * that want it. A plain Kafka consumer on a thread of its own, not a Flink job: a chat outage then
 * delays only this consumer, and never back-pressures the correlate job (see docs/notify.md).
 *
 * <p>Delivery is at least once: an alert's offset is committed only after every destination that
 * wants it accepted it (or refused it for good, which writes a dead letter). Copies are dropped by
 * alert id within the de-duplication window; with a state folder, a {@link DeliveryJournal} also
 * remembers which destination accepted which alert, so a restart does not post it again. Retryable
 * failures (429, 5xx, timeouts) are retried without end with backoff; while a destination is down
 * its alerts wait in memory up to {@link NotifySettings#maxPendingAlerts()}, then reading pauses,
 * so an outage costs memory within a bound and loses nothing.
 *
 * <pre>{@code
 * try (AlertNotifier notifier = AlertNotifier.start(NotifySettings.of(hosts, destinations))) {
 *     ...
 *     NotifyStats stats = notifier.stats();
 * }
 * }</pre>
 */
public final class AlertNotifier implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AlertNotifier.class);
    private static final long WARN_EVERY_NANOS = Duration.ofMinutes(1).toNanos();

    /**
     * Messages one destination may post per turn of the loop. Between turns the loop commits and
     * polls, so a long backlog still commits as it goes (a crash resends little) and the consumer
     * keeps its place in the group.
     */
    static final int MESSAGES_PER_TURN = 16;

    private final NotifySettings settings;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final DeadLetterWriter deadLetters;
    private final WebhookClient client;
    private final Backoff backoff;
    private final List<DestinationLane> lanes = new ArrayList<>();
    private final OffsetLedger ledger = new OffsetLedger();
    private final DedupWindow dedup;
    private final DeliveryJournal journal;
    private final Thread thread;
    private volatile boolean running = true;
    private final java.util.concurrent.atomic.AtomicBoolean closed =
            new java.util.concurrent.atomic.AtomicBoolean();
    private volatile Throwable failure;
    private Map<TopicPartition, OffsetAndMetadata> lastCommitted = Map.of();
    private long lastWarnNanos = System.nanoTime() - WARN_EVERY_NANOS;
    private boolean paused;

    private final AtomicLong received = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong grouped = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong messages = new AtomicLong();
    private final AtomicLong digests = new AtomicLong();
    private final AtomicLong alreadyDelivered = new AtomicLong();

    private AlertNotifier(NotifySettings settings, DeliveryJournal journal) {
        this.settings = settings;
        this.journal = journal;
        this.client = new WebhookClient(settings.retry().requestTimeout());
        this.backoff = new Backoff(settings.retry(), new Random());
        this.dedup = new DedupWindow(settings.dedupWindow());
        long now = System.nanoTime();
        for (Destination destination : settings.destinations()) {
            lanes.add(
                    new DestinationLane(
                            destination,
                            settings.quietPeriod(),
                            settings.rateLimitPerMinute(),
                            now));
        }
        this.consumer =
                new KafkaConsumer<>(
                        consumerConfig(settings),
                        new ByteArrayDeserializer(),
                        new ByteArrayDeserializer());
        this.deadLetters =
                new DeadLetterWriter(settings.bootstrapServers(), settings.deadLetterTopic());
        this.thread = new Thread(this::run, "tandem-notify");
        this.thread.setDaemon(true);
    }

    /**
     * Starts reading alerts on a thread of its own; it runs until {@link #close()}. Kafka being
     * down at start is not an error: the consumer keeps trying.
     *
     * @throws NotifyConfigException when the state folder cannot be used
     */
    public static AlertNotifier start(NotifySettings settings) {
        Objects.requireNonNull(settings, "settings");
        DeliveryJournal journal =
                settings.stateDir() == null
                        ? DeliveryJournal.disabled()
                        : DeliveryJournal.open(
                                settings.stateDir(), settings.groupId(), settings.dedupWindow());
        AlertNotifier notifier;
        try {
            notifier = new AlertNotifier(settings, journal);
        } catch (RuntimeException e) {
            journal.close();
            throw e;
        }
        notifier.consumer.subscribe(List.of(settings.alertsTopic()), notifier.new Rebalance());
        notifier.thread.start();
        LOG.info(
                "notify: reading {} as group {}, posting to {}",
                settings.alertsTopic(),
                settings.groupId(),
                Destination.describe(settings.destinations()));
        return notifier;
    }

    /** What this notifier has done so far. */
    public NotifyStats stats() {
        long groupedNow = grouped.get();
        return new NotifyStats(
                received.get(),
                delivered.get(),
                groupedNow,
                duplicates.get(),
                deadLettered.get(),
                messages.get(),
                digests.get(),
                alreadyDelivered.get());
    }

    /** True until {@link #close()} or an unexpected failure ended the loop. */
    public boolean isRunning() {
        return running && thread.isAlive();
    }

    /** What ended the loop unexpectedly, or null. */
    public Throwable failure() {
        return failure;
    }

    /**
     * Stops reading, commits what was delivered, and returns. Alerts still waiting (for a quiet
     * period, a rate limit or a webhook) are not committed: the next start sends them.
     */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        running = false;
        consumer.wakeup();
        // Waits for the loop's last commit even when the caller was interrupted (Ctrl-C in the
        // CLI): leaving early would resend delivered alerts on the next start.
        boolean interrupted = false;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (thread.isAlive() && System.nanoTime() < deadline) {
            try {
                thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            boolean moreToPost = false;
            while (running) {
                pauseWhenFull();
                ConsumerRecords<byte[], byte[]> records =
                        consumer.poll(moreToPost ? Duration.ZERO : settings.pollTimeout());
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    accept(record);
                }
                long now = System.nanoTime();
                moreToPost = false;
                for (DestinationLane lane : lanes) {
                    lane.tick(now);
                    moreToPost |= deliver(lane);
                }
                journal.syncIfDue(System.nanoTime());
                commit();
            }
        } catch (WakeupException | InterruptedException e) {
            // close() asked the loop to end.
        } catch (RuntimeException | Error e) {
            failure = e;
            LOG.error("notify stopped: {}", e.toString());
        } finally {
            running = false;
            try {
                commit();
            } catch (RuntimeException e) {
                LOG.warn(
                        "notify: last commit failed ({}); a restart resends those alerts",
                        e.toString());
            }
            consumer.close(Duration.ofSeconds(5));
            deadLetters.close();
            journal.close();
        }
    }

    private void accept(ConsumerRecord<byte[], byte[]> record) throws InterruptedException {
        received.incrementAndGet();
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        ledger.read(partition, record.offset());
        AlertReader.Result result = AlertReader.read(record.value());
        if (!result.ok()) {
            deadLetters.unreadable(
                    "notify:" + record.topic() + "-" + record.partition(),
                    record.offset(),
                    result.reason(),
                    result.detail(),
                    record.value(),
                    () -> running);
            deadLettered.incrementAndGet();
            return;
        }
        ReceivedAlert alert = result.alert();
        if (!dedup.firstSighting(alert.alertId())) {
            duplicates.incrementAndGet();
            return;
        }
        long now = System.nanoTime();
        for (DestinationLane lane : lanes) {
            if (lane.destination()
                    .wants(
                            alert.severity(),
                            alert.source().namespace(),
                            alert.destination().namespace())) {
                if (journal.contains(lane.destination().name(), alert.alertId())) {
                    alreadyDelivered.incrementAndGet();
                    continue;
                }
                ledger.hold(partition, record.offset());
                lane.offer(
                        new PendingAlert(alert, partition, record.offset(), record.value()), now);
            }
        }
        refreshGrouped();
    }

    /**
     * Posts what the lane has due, until it has nothing more, must wait, or used its turn.
     *
     * @return true when the lane used its turn with messages still due
     */
    private boolean deliver(DestinationLane lane) throws InterruptedException {
        int posted = 0;
        for (DestinationLane.Outgoing out = lane.next(System.nanoTime());
                out != null && running;
                out = lane.next(System.nanoTime())) {
            if (posted++ == MESSAGES_PER_TURN) {
                return true;
            }
            Destination destination = lane.destination();
            PostOutcome outcome = client.post(destination, out.body());
            if (outcome instanceof PostOutcome.Accepted) {
                if (lane.failures() > 0) {
                    LOG.info(
                            "notify: {} accepts messages again after {} failed attempts",
                            destination.label(),
                            lane.failures());
                }
                lane.accepted();
                messages.incrementAndGet();
                if (out.digest()) {
                    digests.incrementAndGet();
                }
                // Journaled first, before anything acts on the answer: a process killed at any
                // later point has these deliveries in the file, and its restart skips them.
                journal.record(destination.name(), alertIds(out.alerts()));
                for (PendingAlert alert : out.alerts()) {
                    ledger.release(alert.partition(), alert.offset());
                    delivered.incrementAndGet();
                }
            } else if (outcome instanceof PostOutcome.Refused) {
                PostOutcome.Refused refused = (PostOutcome.Refused) outcome;
                LOG.warn(
                        "notify: {} refused a message with HTTP {}; its {} alerts go to {}",
                        destination.label(),
                        refused.status(),
                        out.alerts().size(),
                        settings.deadLetterTopic());
                for (PendingAlert alert : out.alerts()) {
                    deadLetters.refused(
                            alert,
                            destination,
                            refused.status(),
                            refused.response(),
                            () -> running);
                    journal.record(destination.name(), List.of(alert.alert().alertId()));
                    ledger.release(alert.partition(), alert.offset());
                    deadLettered.incrementAndGet();
                }
                lane.refused();
            } else {
                PostOutcome.RetryLater retry = (PostOutcome.RetryLater) outcome;
                Duration wait = lane.retryLater(retry, backoff, System.nanoTime());
                warnThrottled(destination, retry, wait, lane.failures());
                return false;
            }
        }
        return false;
    }

    /** Stops reading while too many alerts wait; memory stays bounded during an outage. */
    private void pauseWhenFull() {
        boolean full = ledger.pending() >= settings.maxPendingAlerts();
        if (full && !paused) {
            consumer.pause(consumer.assignment());
            paused = true;
            LOG.warn(
                    "notify: {} alerts wait for delivery; reading paused until some are delivered",
                    ledger.pending());
        } else if (!full && paused) {
            consumer.resume(consumer.paused());
            paused = false;
        }
    }

    private void commit() {
        Map<TopicPartition, OffsetAndMetadata> offsets = ledger.committable();
        if (offsets.isEmpty() || offsets.equals(lastCommitted)) {
            return;
        }
        consumer.commitSync(offsets);
        lastCommitted = offsets;
    }

    private static List<String> alertIds(List<PendingAlert> alerts) {
        List<String> ids = new ArrayList<>(alerts.size());
        alerts.forEach(a -> ids.add(a.alert().alertId()));
        return ids;
    }

    private void refreshGrouped() {
        long sum = 0;
        for (DestinationLane lane : lanes) {
            sum += lane.grouped();
        }
        grouped.set(sum);
    }

    private void warnThrottled(
            Destination destination, PostOutcome.RetryLater retry, Duration wait, int failures) {
        long now = System.nanoTime();
        if (failures == 1 || now - lastWarnNanos >= WARN_EVERY_NANOS) {
            lastWarnNanos = now;
            LOG.warn(
                    "notify: {} did not accept a message ({}); attempt {} failed, retrying in {} ms;"
                            + " {} alerts wait, none are lost",
                    destination.label(),
                    retry.reason(),
                    failures,
                    wait.toMillis(),
                    ledger.pending());
        }
    }

    private static Map<String, Object> consumerConfig(NotifySettings settings) {
        Map<String, Object> config = new java.util.HashMap<>(baseConfig(settings));
        if (settings.instanceId() != null) {
            config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.instanceId());
        }
        return config;
    }

    private static Map<String, Object> baseConfig(NotifySettings settings) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                settings.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                settings.groupId(),
                ConsumerConfig.CLIENT_ID_CONFIG,
                "tandem-notify",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false,
                // A new group starts at the oldest alert kept: alerts written before the first
                // start are still owed to the chat.
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest",
                // correlate writes alerts in transactions: an aborted attempt's copy is not an
                // alert.
                ConsumerConfig.ISOLATION_LEVEL_CONFIG,
                "read_committed",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                500,
                // Eager assignment: a rebalance revokes everything, so dropping all in-memory
                // state on revocation is exact, and the records are read again from the commit.
                ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG,
                RangeAssignor.class.getName());
    }

    /** On revocation: commit what was delivered, forget the rest (it is read again). */
    private final class Rebalance implements ConsumerRebalanceListener {
        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            try {
                commit();
            } catch (RuntimeException e) {
                LOG.warn("notify: commit on rebalance failed ({})", e.toString());
            }
            ledger.clear();
            lanes.forEach(DestinationLane::clear);
            dedup.clear();
            lastCommitted = Map.of();
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            paused = false;
        }
    }
}
