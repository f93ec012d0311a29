package dev.tandem.jobs.notify;

import org.apache.kafka.common.TopicPartition;

/**
 * An alert on its way to one destination, with where it came from: its offset is committed only
 * once every destination that wants it has accepted it (or it was dead-lettered).
 *
 * @param record the record's bytes, kept for a dead letter
 */
record PendingAlert(ReceivedAlert alert, TopicPartition partition, long offset, byte[] record) {}
