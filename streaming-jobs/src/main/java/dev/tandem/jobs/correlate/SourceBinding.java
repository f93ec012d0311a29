package dev.tandem.jobs.correlate;

import java.io.Serializable;
import java.util.List;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;

/**
 * Adds one input to a job's environment: a Kafka source in production, files or in-memory data in
 * {@code analyze} and tests. The job assigns timestamps and watermarks itself, after decoding.
 */
@FunctionalInterface
public interface SourceBinding<T> extends Serializable {
    DataStream<T> attach(StreamExecutionEnvironment env);

    /**
     * Bounded in-memory data, which may be empty (Flink's {@code fromData} refuses an empty
     * collection: an empty input is then a one-number sequence that yields nothing).
     */
    static <T> SourceBinding<T> of(List<T> data, TypeInformation<T> type) {
        List<T> copy = List.copyOf(data);
        if (!copy.isEmpty()) {
            return env -> env.fromData(copy, type);
        }
        return env -> env.fromSequence(0, 0).flatMap(new Nothing<T>(), type).name("empty-input");
    }

    /** Yields no element whatever comes in. */
    final class Nothing<T> implements FlatMapFunction<Long, T> {
        private static final long serialVersionUID = 1L;

        @Override
        public void flatMap(Long ignored, Collector<T> out) {}
    }
}
