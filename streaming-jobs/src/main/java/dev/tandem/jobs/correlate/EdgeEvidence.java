package dev.tandem.jobs.correlate;

import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.FlowEndpoint;
import dev.tandem.ingest.model.FlowPolicies;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.ProxyRequest;
import java.time.Instant;
import java.util.Objects;

/**
 * One piece of evidence with both ends of its edge resolved: a kernel flow, or a proxy request seen
 * by the source's sidecar ({@code outbound}) or the destination's ({@code inbound}).
 *
 * <p>The flow or request is trimmed to what {@link WindowAccumulator} counts: this record crosses
 * the network to the edge's window, and the rest (the pod envelope, both flow endpoints with their
 * labels, addresses, timings) was most of its bytes and of the job's serialization time.
 *
 * @param source the calling endpoint
 * @param destination the called endpoint
 * @param port the destination port
 * @param protocol lower case
 * @param eventTime the flow's interval start, or the request's start time
 * @param kernel the flow, or null for proxy evidence; kept: origin, action, reporters, enforced and
 *     all policies, counters, process names
 * @param proxy the request, or null for kernel evidence; kept: start time, method, path, protocol,
 *     response code, authority, requested server name, peer SPIFFE id, format
 * @param outbound for proxy evidence: true when the source's sidecar logged it
 */
public record EdgeEvidence(
        EndpointRef source,
        EndpointRef destination,
        int port,
        String protocol,
        Instant eventTime,
        KernelFlow kernel,
        ProxyRequest proxy,
        boolean outbound) {
    public EdgeEvidence {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(eventTime, "eventTime");
        if ((kernel == null) == (proxy == null)) {
            throw new IllegalArgumentException("exactly one of kernel and proxy must be given");
        }
        kernel = kernel == null ? null : trimmed(kernel);
        proxy = proxy == null ? null : trimmed(proxy);
    }

    /** Stands in for both endpoints of a trimmed flow: the edge's endpoints are resolved. */
    private static final FlowEndpoint RESOLVED =
            new FlowEndpoint(null, null, null, null, null, Labels.empty(), null);

    private static KernelFlow trimmed(KernelFlow flow) {
        return new KernelFlow(
                flow.origin(),
                null,
                null,
                RESOLVED,
                RESOLVED,
                null,
                null,
                flow.action(),
                flow.reporters(),
                null,
                new FlowPolicies(flow.policies().all(), flow.policies().enforced(), null, null),
                flow.counters(),
                flow.processNames(),
                null,
                null,
                null,
                null);
    }

    private static ProxyRequest trimmed(ProxyRequest request) {
        return new ProxyRequest(
                request.startTime(),
                request.method(),
                request.path(),
                request.protocol(),
                request.responseCode(),
                null,
                null,
                null,
                null,
                0,
                0,
                null,
                null,
                null,
                null,
                null,
                request.authority(),
                null,
                null,
                null,
                null,
                null,
                request.requestedServerName(),
                null,
                request.peerSpiffeId(),
                request.format(),
                null);
    }

    /** The edge this evidence belongs to. */
    public String edgeKey() {
        return EdgeKey.of(source, destination, port, protocol);
    }
}
