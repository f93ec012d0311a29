package dev.tandem.ingest.model;

import java.time.Instant;
import java.util.Objects;

/**
 * Proxy evidence: one request (HTTP) or connection (TCP) as an Envoy sidecar logged it when it
 * ended. Fields Envoy logs as {@code -} or null are null here; TCP lines have no method, path or
 * protocol.
 *
 * @param startTime when the request or connection started
 * @param method the HTTP method, or null for TCP
 * @param path the original path (before rewrites), or null
 * @param protocol {@code HTTP/1.1}, {@code HTTP/2}, ... or null for TCP
 * @param responseCode the HTTP status, 0 when none was sent (TCP, resets)
 * @param responseFlags Envoy's response flags ({@code UH}, {@code UF,URX}), or null
 * @param responseCodeDetails why the response code was set ({@code via_upstream}), or null
 * @param connectionTerminationDetails or null
 * @param upstreamTransportFailureReason or null
 * @param bytesReceived bytes from the downstream
 * @param bytesSent bytes to the downstream
 * @param durationMillis total duration, or null
 * @param upstreamServiceTimeMillis {@code x-envoy-upstream-service-time}, or null
 * @param forwardedFor {@code x-forwarded-for}, or null
 * @param userAgent or null
 * @param requestId {@code x-request-id}, or null
 * @param authority {@code :authority} / Host, or null
 * @param upstreamHost the address the request was sent to, or null
 * @param upstreamCluster the upstream cluster, taken apart; never null
 * @param upstreamLocalAddress or null
 * @param downstreamLocalAddress the address the downstream connected to, or null
 * @param downstreamRemoteAddress the downstream's address, or null
 * @param requestedServerName the SNI, or null
 * @param routeName or null
 * @param peerSpiffeId the downstream peer's SPIFFE id ({@code %DOWNSTREAM_PEER_URI_SAN%}), or null
 * @param format how the line was written
 * @param pod the pod that wrote the line, from its envelope, or null for bare lines
 */
public record ProxyRequest(
        Instant startTime,
        String method,
        String path,
        String protocol,
        int responseCode,
        String responseFlags,
        String responseCodeDetails,
        String connectionTerminationDetails,
        String upstreamTransportFailureReason,
        long bytesReceived,
        long bytesSent,
        Long durationMillis,
        Long upstreamServiceTimeMillis,
        String forwardedFor,
        String userAgent,
        String requestId,
        String authority,
        HostPort upstreamHost,
        UpstreamCluster upstreamCluster,
        HostPort upstreamLocalAddress,
        HostPort downstreamLocalAddress,
        HostPort downstreamRemoteAddress,
        String requestedServerName,
        String routeName,
        String peerSpiffeId,
        ProxyLogFormat format,
        PodContext pod)
        implements Evidence {
    public ProxyRequest {
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(format, "format");
        upstreamCluster = upstreamCluster == null ? UpstreamCluster.parse(null) : upstreamCluster;
    }

    /** True for a TCP connection line (no HTTP method). */
    public boolean isTcp() {
        return method == null && protocol == null;
    }

    /**
     * True when the sidecar saw the downstream use Istio mTLS: it logged a peer SPIFFE id, or the
     * SNI is Istio's {@code outbound_.PORT_._.HOST} form that only a peer sidecar sends.
     */
    public boolean mutualTlsSeen() {
        return peerSpiffeId != null
                || (requestedServerName != null && requestedServerName.startsWith("outbound_."));
    }

    /** The same request, attributed to the pod whose envelope carried it. */
    public ProxyRequest withPod(PodContext context) {
        return new ProxyRequest(
                startTime,
                method,
                path,
                protocol,
                responseCode,
                responseFlags,
                responseCodeDetails,
                connectionTerminationDetails,
                upstreamTransportFailureReason,
                bytesReceived,
                bytesSent,
                durationMillis,
                upstreamServiceTimeMillis,
                forwardedFor,
                userAgent,
                requestId,
                authority,
                upstreamHost,
                upstreamCluster,
                upstreamLocalAddress,
                downstreamLocalAddress,
                downstreamRemoteAddress,
                requestedServerName,
                routeName,
                peerSpiffeId,
                format,
                context);
    }
}
