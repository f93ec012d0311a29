package dev.tandem.jobs.kafka;

/**
 * A Kafka record as read, before decoding: decoding happens in an operator, where a record that
 * breaks the format can become a dead letter (a deserializer can only drop it or fail the job).
 *
 * @param source the record's {@code topic-partition}, as dead letters name it
 * @param offset the record's offset in that partition
 * @param key the key bytes, or null
 * @param value the value bytes, or null for a tombstone
 */
public record KafkaRecordBytes(String source, long offset, byte[] key, byte[] value) {}
