package dev.tandem.bench;

import java.nio.charset.StandardCharsets;

/**
 * One request as an Istio sidecar logs it, in both of Istio's encodings: the default TEXT format
 * (shaped like {@code test-access-logs.log}) and the JSON one (like {@code
 * test-access-json-logs.log}). Every request is a {@code GET} over HTTP/1.1 answered 200 by the
 * upstream, with nothing received; the generators choose the rest.
 *
 * @param requestedServerName the SNI, or null when the request came in without TLS
 */
record IstioRequestLine(
        String start,
        String path,
        int bytesSent,
        int duration,
        int upstreamServiceTime,
        String userAgent,
        String requestId,
        String authority,
        String upstreamHost,
        String upstreamCluster,
        String upstreamLocal,
        String downstreamLocal,
        String downstreamRemote,
        String requestedServerName) {

    byte[] text() {
        String line =
                "["
                        + start
                        + "] \"GET "
                        + path
                        + " HTTP/1.1\" 200 - via_upstream - \"-\" 0 "
                        + bytesSent
                        + " "
                        + duration
                        + " "
                        + upstreamServiceTime
                        + " \"-\" \""
                        + userAgent
                        + "\" \""
                        + requestId
                        + "\" \""
                        + authority
                        + "\" \""
                        + upstreamHost
                        + "\" "
                        + upstreamCluster
                        + " "
                        + upstreamLocal
                        + " "
                        + downstreamLocal
                        + " "
                        + downstreamRemote
                        + " "
                        + (requestedServerName == null ? "-" : requestedServerName)
                        + " default";
        return line.getBytes(StandardCharsets.UTF_8);
    }

    byte[] json() {
        String line =
                "{\"authority\":\""
                        + authority
                        + "\",\"bytes_received\":0,\"bytes_sent\":"
                        + bytesSent
                        + ",\"connection_termination_details\":null,\"downstream_local_address\":\""
                        + downstreamLocal
                        + "\",\"downstream_remote_address\":\""
                        + downstreamRemote
                        + "\",\"duration\":"
                        + duration
                        + ",\"method\":\"GET\",\"path\":\""
                        + path
                        + "\",\"protocol\":\"HTTP/1.1\",\"request_id\":\""
                        + requestId
                        + "\",\"requested_server_name\":"
                        + (requestedServerName == null ? "null" : "\"" + requestedServerName + "\"")
                        + ",\"response_code\":200,\"response_code_details\":\"via_upstream\""
                        + ",\"response_flags\":\"-\",\"route_name\":\"default\",\"start_time\":\""
                        + start
                        + "\",\"upstream_cluster\":\""
                        + upstreamCluster
                        + "\",\"upstream_host\":\""
                        + upstreamHost
                        + "\",\"upstream_local_address\":\""
                        + upstreamLocal
                        + "\",\"upstream_service_time\":\""
                        + upstreamServiceTime
                        + "\",\"upstream_transport_failure_reason\":null,\"user_agent\":\""
                        + userAgent
                        + "\",\"x_forwarded_for\":null}";
        return line.getBytes(StandardCharsets.UTF_8);
    }
}
