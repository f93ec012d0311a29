package dev.tandem.cli.demo;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Tells when a Flink job has processed everything in some topics. Its Kafka sources commit their
 * offsets to the consumer group when a checkpoint completes, and an exactly-once checkpoint
 * completes only after every operator has handled every record before its barrier: so once the
 * group's committed offsets reach the topics' end offsets, the whole job has seen every record
 * there (broadcast state included).
 */
public final class ConsumedOffsets {
    private static final long POLL_MILLIS = 200;

    private final Admin admin;
    private final String groupId;

    public ConsumedOffsets(Admin admin, String groupId) {
        this.admin = admin;
        this.groupId = groupId;
    }

    /**
     * Waits until the group has committed the end offset of every non-empty partition of {@code
     * topics}, as the end offsets are now.
     *
     * @param stillRunning checked between polls: false stops the wait (the job failed)
     * @return true when consumed, false when {@code stillRunning} said stop
     * @throws TimeoutException when {@code timeout} passes first
     */
    public boolean await(List<String> topics, Duration timeout, BooleanSupplier stillRunning)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, Long> ends = endOffsets(topics);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (consumed(ends)) {
                return true;
            }
            if (!stillRunning.getAsBoolean()) {
                return false;
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(
                        "the correlate job had not read "
                                + topics
                                + " to their end after "
                                + timeout.toSeconds()
                                + " s");
            }
            Thread.sleep(POLL_MILLIS);
        }
    }

    private boolean consumed(Map<TopicPartition, Long> ends)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(groupId)
                        .partitionsToOffsetAndMetadata()
                        .get(10, TimeUnit.SECONDS);
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            OffsetAndMetadata offset = committed.get(end.getKey());
            if (offset == null || offset.offset() < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private Map<TopicPartition, Long> endOffsets(List<String> topics)
            throws InterruptedException, ExecutionException, TimeoutException {
        Map<String, TopicDescription> described =
                admin.describeTopics(topics).allTopicNames().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (TopicDescription topic : described.values()) {
            topic.partitions()
                    .forEach(
                            p ->
                                    latest.put(
                                            new TopicPartition(topic.name(), p.partition()),
                                            OffsetSpec.latest()));
        }
        Map<TopicPartition, Long> ends = new HashMap<>();
        admin.listOffsets(latest)
                .all()
                .get(10, TimeUnit.SECONDS)
                .forEach(
                        (partition, info) -> {
                            // An empty partition has nothing to wait for, and a source may
                            // never commit an offset for it.
                            if (info.offset() > 0) {
                                ends.put(partition, info.offset());
                            }
                        });
        return ends;
    }
}
