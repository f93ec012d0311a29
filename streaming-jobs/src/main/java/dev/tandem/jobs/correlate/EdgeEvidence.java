package dev.tandem.jobs.correlate;

import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.ProxyRequest;
import java.time.Instant;
import java.util.Objects;

/**
 * One piece of evidence with both ends of its edge resolved: a kernel flow, or a proxy request seen
 * by the source's sidecar ({@code outbound}) or the destination's ({@code inbound}).
 *
 * @param source the calling endpoint
 * @param destination the called endpoint
 * @param port the destination port
 * @param protocol lower case
 * @param eventTime the flow's interval start, or the request's start time
 * @param kernel the flow, or null for proxy evidence
 * @param proxy the request, or null for kernel evidence
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
    }

    /** The edge this evidence belongs to. */
    public String edgeKey() {
        return EdgeKey.of(source, destination, port, protocol);
    }
}
