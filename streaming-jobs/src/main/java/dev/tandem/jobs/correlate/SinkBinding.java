package dev.tandem.jobs.correlate;

import java.io.Serializable;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Connects one output of a job to where it goes: a Kafka sink, the Parquet archive, a collector in
 * {@code analyze} and tests. This is the seam that lets new outputs plug in without touching the
 * job's graph.
 */
@FunctionalInterface
public interface SinkBinding<T> extends Serializable {
    void attach(DataStream<T> stream);

    /** A Sink V2 with a stable uid and name, as savepoints need. */
    static <T> SinkBinding<T> of(Sink<T> sink, String uid) {
        return stream -> stream.sinkTo(sink).uid(uid).name(uid);
    }

    /** An output nobody reads. */
    static <T> SinkBinding<T> discard() {
        return stream -> {};
    }
}
