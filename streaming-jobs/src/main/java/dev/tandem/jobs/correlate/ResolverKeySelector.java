package dev.tandem.jobs.correlate;

import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.model.FlowEndpoint;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.ProxyRequest;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Spreads evidence over the {@link EndpointResolver}'s subtasks by what identifies its endpoints
 * (addresses, names), in {@link #BUCKETS} buckets. The resolver is keyed only so that evidence
 * waiting for the inventory can sit in keyed state with an event-time timer; which bucket a record
 * lands in does not change how it resolves. The key is built from strings, never from an enum's or
 * object's identity hash, so it is the same in every JVM (a restored job finds its state).
 */
final class ResolverKeySelector implements KeySelector<Evidence, Integer> {
    private static final long serialVersionUID = 1L;

    static final int BUCKETS = 128;

    @Override
    public Integer getKey(Evidence evidence) {
        StringBuilder key = new StringBuilder(64);
        if (evidence instanceof KernelFlow flow) {
            append(key, flow.source());
            append(key, flow.destination());
            key.append(flow.destinationPort());
        } else {
            ProxyRequest request = (ProxyRequest) evidence;
            key.append(request.pod() == null ? null : request.pod().pod()).append('|');
            key.append(request.downstreamRemoteAddress()).append('|');
            key.append(request.upstreamHost());
        }
        return Math.floorMod(key.toString().hashCode(), BUCKETS);
    }

    private static void append(StringBuilder key, FlowEndpoint side) {
        key.append(side.ip())
                .append('|')
                .append(side.nameAggregate())
                .append('|')
                .append(side.namespace())
                .append('|');
    }
}
