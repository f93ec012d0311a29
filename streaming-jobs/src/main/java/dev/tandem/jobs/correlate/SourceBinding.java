package dev.tandem.jobs.correlate;

import java.io.Serializable;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Adds one input to a job's environment: a Kafka source in production, files or in-memory data in
 * {@code analyze} and tests. The job assigns timestamps and watermarks itself, after decoding.
 */
@FunctionalInterface
public interface SourceBinding<T> extends Serializable {
    DataStream<T> attach(StreamExecutionEnvironment env);
}
