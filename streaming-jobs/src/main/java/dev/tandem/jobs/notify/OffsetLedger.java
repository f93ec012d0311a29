package dev.tandem.jobs.notify;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Which offsets may be committed: per partition, the lowest offset some destination still has to
 * accept, or the offset after the last record read when nothing waits. Kafka offsets are a single
 * number per partition, so one slow alert holds back the commit of everything after it; a restart
 * then resends those (at least once), never skips them.
 */
final class OffsetLedger {
    private final Map<TopicPartition, TreeMap<Long, Integer>> waiting = new HashMap<>();
    private final Map<TopicPartition, Long> next = new HashMap<>();
    private int pending;

    /** The record at {@code offset} was read. */
    void read(TopicPartition partition, long offset) {
        next.merge(partition, offset + 1, Math::max);
    }

    /** One more destination waits for the record at {@code offset}. */
    void hold(TopicPartition partition, long offset) {
        waiting.computeIfAbsent(partition, p -> new TreeMap<>()).merge(offset, 1, Integer::sum);
        pending++;
    }

    /** One destination is done with the record at {@code offset} (accepted or dead-lettered). */
    void release(TopicPartition partition, long offset) {
        TreeMap<Long, Integer> offsets = waiting.get(partition);
        if (offsets == null || !offsets.containsKey(offset)) {
            return;
        }
        pending--;
        if (offsets.merge(offset, -1, Integer::sum) == 0) {
            offsets.remove(offset);
        }
    }

    /** How many alert deliveries are waiting. */
    int pending() {
        return pending;
    }

    /** The offsets that may be committed now, sorted by partition for stable logs. */
    Map<TopicPartition, OffsetAndMetadata> committable() {
        Map<TopicPartition, OffsetAndMetadata> commit =
                new TreeMap<>(
                        java.util.Comparator.comparing(TopicPartition::topic)
                                .thenComparingInt(TopicPartition::partition));
        for (Map.Entry<TopicPartition, Long> e : next.entrySet()) {
            TreeMap<Long, Integer> offsets = waiting.get(e.getKey());
            long offset = offsets == null || offsets.isEmpty() ? e.getValue() : offsets.firstKey();
            commit.put(e.getKey(), new OffsetAndMetadata(offset));
        }
        return commit;
    }

    /** Forgets everything: after a rebalance the records are read again from the commit. */
    void clear() {
        waiting.clear();
        next.clear();
        pending = 0;
    }
}
