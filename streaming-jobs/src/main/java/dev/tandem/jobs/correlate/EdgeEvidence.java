package dev.tandem.jobs.correlate;

import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowCounters;
import dev.tandem.ingest.model.FlowEndpoint;
import dev.tandem.ingest.model.FlowOrigin;
import dev.tandem.ingest.model.FlowPolicies;
import dev.tandem.ingest.model.FlowReporter;
import dev.tandem.ingest.model.HostPort;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.PodContext;
import dev.tandem.ingest.model.PolicyHit;
import dev.tandem.ingest.model.ProxyLogFormat;
import dev.tandem.ingest.model.ProxyRequest;
import dev.tandem.ingest.model.UpstreamCluster;
import java.time.Instant;
import java.util.List;
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
 * @param batch null for one piece of evidence (kernel or proxy given); for a batch ({@link
 *     #batch(List)}), the pieces of one edge in one window, in the order they were resolved, and
 *     neither kernel nor proxy
 */
public record EdgeEvidence(
        EndpointRef source,
        EndpointRef destination,
        int port,
        String protocol,
        Instant eventTime,
        KernelFlow kernel,
        ProxyRequest proxy,
        boolean outbound,
        List<EdgeEvidence> batch) {
    public EdgeEvidence {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(eventTime, "eventTime");
        if (batch != null) {
            if (kernel != null || proxy != null || batch.size() < 2) {
                throw new IllegalArgumentException(
                        "a batch has two or more pieces and neither kernel nor proxy");
            }
            batch = List.copyOf(batch);
        } else if ((kernel == null) == (proxy == null)) {
            throw new IllegalArgumentException("exactly one of kernel and proxy must be given");
        }
        kernel = kernel == null || isTrimmed(kernel) ? kernel : trimmed(kernel);
        proxy = proxy == null || isTrimmed(proxy) ? proxy : trimmed(proxy);
    }

    /** One piece of evidence: a kernel flow or a proxy request (exactly one of them). */
    public EdgeEvidence(
            EndpointRef source,
            EndpointRef destination,
            int port,
            String protocol,
            Instant eventTime,
            KernelFlow kernel,
            ProxyRequest proxy,
            boolean outbound) {
        this(source, destination, port, protocol, eventTime, kernel, proxy, outbound, null);
    }

    /**
     * The pieces of evidence of one edge in one window as one record ({@link EdgeBatcher}): it
     * crosses the {@code keyBy(edge)} with the edge's endpoints written once. The batch carries the
     * first piece's endpoints and time; every piece keeps its own.
     *
     * @param pieces two or more pieces (no batches), all of one edge
     */
    public static EdgeEvidence batch(List<EdgeEvidence> pieces) {
        EdgeEvidence first = pieces.get(0);
        return new EdgeEvidence(
                first.source(),
                first.destination(),
                first.port(),
                first.protocol(),
                first.eventTime(),
                null,
                null,
                false,
                pieces);
    }

    /** The pieces of evidence this record carries: itself, or a batch's. */
    public List<EdgeEvidence> pieces() {
        return batch == null ? List.of(this) : batch;
    }

    /** Stands in for both endpoints of a trimmed flow: the edge's endpoints are resolved. */
    private static final FlowEndpoint RESOLVED =
            new FlowEndpoint(null, null, null, null, null, Labels.empty(), null);

    /**
     * Already trimmed (a record read from the network, a piece put into a batch): trimming again
     * would only copy it.
     */
    private static boolean isTrimmed(KernelFlow flow) {
        return flow.source() == RESOLVED && flow.destination() == RESOLVED;
    }

    private static boolean isTrimmed(ProxyRequest r) {
        return r.responseFlags() == null
                && r.responseCodeDetails() == null
                && r.connectionTerminationDetails() == null
                && r.upstreamTransportFailureReason() == null
                && r.bytesReceived() == 0
                && r.bytesSent() == 0
                && r.durationMillis() == null
                && r.upstreamServiceTimeMillis() == null
                && r.forwardedFor() == null
                && r.userAgent() == null
                && r.requestId() == null
                && r.upstreamHost() == null
                && r.upstreamCluster() == null
                && r.upstreamLocalAddress() == null
                && r.downstreamLocalAddress() == null
                && r.downstreamRemoteAddress() == null
                && r.routeName() == null
                && r.pod() == null;
    }

    /** The trimmed flow's endpoints: the serializer reads flows back with this very instance. */
    public static FlowEndpoint resolvedEndpoint() {
        return RESOLVED;
    }

    private static KernelFlow trimmed(KernelFlow flow) {
        return trimmedFlow(
                flow.origin(),
                flow.action(),
                flow.reporters(),
                flow.policies().all(),
                flow.policies().enforced(),
                flow.counters(),
                flow.processNames());
    }

    private static ProxyRequest trimmed(ProxyRequest request) {
        return trimmedRequest(
                request.startTime(),
                request.method(),
                request.path(),
                request.protocol(),
                request.responseCode(),
                request.authority(),
                request.requestedServerName(),
                request.peerSpiffeId(),
                request.format());
    }

    /**
     * A flow with only what the window builder reads (its endpoints are {@link
     * #resolvedEndpoint()}): what the resolver keeps of a flow, and what the serializer reads back.
     */
    public static KernelFlow trimmedFlow(
            FlowOrigin origin,
            FlowAction action,
            List<FlowReporter> reporters,
            List<PolicyHit> allPolicies,
            List<PolicyHit> enforcedPolicies,
            FlowCounters counters,
            List<String> processNames) {
        return trimmedFlowForResolver(
                origin,
                null,
                null,
                RESOLVED,
                RESOLVED,
                null,
                null,
                action,
                reporters,
                allPolicies,
                enforcedPolicies,
                counters,
                processNames);
    }

    /**
     * A flow with what the window builder reads and what the resolver needs to place it on an edge:
     * its times, both endpoints, port and protocol. What a decoded flow keeps when it crosses to
     * the resolver.
     */
    public static KernelFlow trimmedFlowForResolver(
            FlowOrigin origin,
            Instant start,
            Instant end,
            FlowEndpoint source,
            FlowEndpoint destination,
            Integer destinationPort,
            String protocol,
            FlowAction action,
            List<FlowReporter> reporters,
            List<PolicyHit> allPolicies,
            List<PolicyHit> enforcedPolicies,
            FlowCounters counters,
            List<String> processNames) {
        return new KernelFlow(
                origin,
                start,
                end,
                source,
                destination,
                destinationPort,
                protocol,
                action,
                reporters,
                null,
                new FlowPolicies(allPolicies, enforcedPolicies, null, null),
                counters,
                processNames,
                null,
                null,
                null,
                null);
    }

    /** A request with only what the window builder reads, as {@link #trimmedFlow} for flows. */
    public static ProxyRequest trimmedRequest(
            Instant startTime,
            String method,
            String path,
            String protocol,
            int responseCode,
            String authority,
            String requestedServerName,
            String peerSpiffeId,
            ProxyLogFormat format) {
        return trimmedRequestForResolver(
                startTime,
                method,
                path,
                protocol,
                responseCode,
                authority,
                requestedServerName,
                peerSpiffeId,
                format,
                null,
                null,
                null,
                null,
                null);
    }

    /**
     * A request with what the window builder reads and what the resolver needs to place it on an
     * edge: where it went (upstream host and cluster), its connection's two addresses and the pod
     * that logged it. What a decoded request keeps when it crosses to the resolver.
     */
    public static ProxyRequest trimmedRequestForResolver(
            Instant startTime,
            String method,
            String path,
            String protocol,
            int responseCode,
            String authority,
            String requestedServerName,
            String peerSpiffeId,
            ProxyLogFormat format,
            HostPort upstreamHost,
            UpstreamCluster upstreamCluster,
            HostPort downstreamLocalAddress,
            HostPort downstreamRemoteAddress,
            PodContext pod) {
        return new ProxyRequest(
                startTime,
                method,
                path,
                protocol,
                responseCode,
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
                authority,
                upstreamHost,
                upstreamCluster,
                null,
                downstreamLocalAddress,
                downstreamRemoteAddress,
                requestedServerName,
                null,
                peerSpiffeId,
                format,
                pod);
    }

    /** The edge this evidence belongs to. */
    public String edgeKey() {
        return EdgeKey.of(source, destination, port, protocol);
    }
}
