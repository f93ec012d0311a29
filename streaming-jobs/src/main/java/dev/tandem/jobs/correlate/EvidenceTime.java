package dev.tandem.jobs.correlate;

import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.ProxyRequest;
import java.time.Instant;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;

/**
 * The event time of evidence: a flow's interval start (else its end), a request's start. A flow
 * with neither gets the smallest time; the resolver sends it to the dead letters.
 */
final class EvidenceTime implements SerializableTimestampAssigner<Evidence> {
    private static final long serialVersionUID = 1L;

    @Override
    public long extractTimestamp(Evidence evidence, long recordTimestamp) {
        Instant at;
        if (evidence instanceof KernelFlow) {
            KernelFlow flow = (KernelFlow) evidence;
            at = flow.start() != null ? flow.start() : flow.end();
        } else {
            at = ((ProxyRequest) evidence).startTime();
        }
        return at == null ? Long.MIN_VALUE : at.toEpochMilli();
    }
}
