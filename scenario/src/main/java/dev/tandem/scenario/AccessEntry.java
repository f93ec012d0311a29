package dev.tandem.scenario;

import java.time.Instant;

/**
 * One Envoy access log entry: the 22 fields of Istio's default format. Absent values are null.
 *
 * @param start when the request (or TCP connection) started
 * @param pod the pod whose sidecar (or gateway) wrote it
 */
record AccessEntry(
        Pod pod,
        Instant start,
        String method,
        String path,
        String protocol,
        int responseCode,
        String responseFlags,
        String responseCodeDetails,
        long bytesReceived,
        long bytesSent,
        long durationMillis,
        Long upstreamServiceTime,
        String forwardedFor,
        String userAgent,
        String requestId,
        String authority,
        String upstreamHost,
        String upstreamCluster,
        String upstreamLocalAddress,
        String downstreamLocalAddress,
        String downstreamRemoteAddress,
        String requestedServerName,
        String routeName) {

    /** When Envoy wrote the line: as the request ended. */
    Instant written() {
        return start.plusMillis(durationMillis);
    }
}
