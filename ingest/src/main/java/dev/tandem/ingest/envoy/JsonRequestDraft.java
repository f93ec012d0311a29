package dev.tandem.ingest.envoy;

import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.Timestamps;
import dev.tandem.ingest.model.HostPort;
import dev.tandem.ingest.model.ProxyLogFormat;
import dev.tandem.ingest.model.ProxyRequest;
import dev.tandem.ingest.model.UpstreamCluster;
import java.time.Instant;

/**
 * The fields of a JSON record as they are met, in whatever order the keys come, until the object
 * ends and they can be checked together. Absent numbers are -1; absent text is null.
 */
final class JsonRequestDraft {
    String startTime;
    String method;
    String path;
    String protocol;
    long responseCode = -1;
    String responseFlags;
    String responseCodeDetails;
    String connectionTerminationDetails;
    String upstreamTransportFailureReason;
    long bytesReceived = -1;
    long bytesSent = -1;
    long duration = -1;
    long upstreamServiceTime = -1;
    String forwardedFor;
    String userAgent;
    String requestId;
    String authority;
    HostPort upstreamHost;
    UpstreamCluster upstreamCluster = UpstreamCluster.parse(null);
    String upstreamLocalAddress;
    HostPort downstreamLocalAddress;
    String downstreamRemoteAddress;
    String requestedServerName;
    String routeName;
    String peerSpiffeId;

    /** The request, read the same way the TEXT decoder reads the same values. */
    ProxyRequest toRequest(ProxyLogFormat format) {
        return new ProxyRequest(
                startTime(),
                method,
                path,
                protocol,
                ProxyFields.responseCode(Math.max(0, responseCode)),
                responseFlags,
                responseCodeDetails,
                connectionTerminationDetails,
                upstreamTransportFailureReason,
                Math.max(0, bytesReceived),
                Math.max(0, bytesSent),
                duration < 0 ? null : duration,
                upstreamServiceTime < 0 ? null : upstreamServiceTime,
                forwardedFor,
                userAgent,
                requestId,
                authority,
                upstreamHost,
                upstreamCluster,
                ProxyFields.address(ProxyFields.UPSTREAM_LOCAL_ADDRESS, upstreamLocalAddress),
                downstreamLocalAddress,
                ProxyFields.address(ProxyFields.DOWNSTREAM_REMOTE_ADDRESS, downstreamRemoteAddress),
                requestedServerName,
                routeName,
                peerSpiffeId,
                format,
                null);
    }

    private Instant startTime() {
        if (startTime == null) {
            throw new Rejection(
                    DeadLetterReason.MISSING_FIELD,
                    ProxyFields.START_TIME + " is missing (absent, null or '-')");
        }
        try {
            return Timestamps.parseRfc3339(startTime);
        } catch (IllegalArgumentException e) {
            throw ProxyFields.invalid(ProxyFields.START_TIME, e.getMessage());
        }
    }
}
