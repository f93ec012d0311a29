package dev.tandem.jobs.notify;

import dev.tandem.ingest.model.Verdict;
import java.time.Instant;
import java.util.List;

/**
 * One alert as read from {@code tandem.alerts} (written by the correlate job's {@code Alert}): just
 * what a chat message says. Read from JSON rather than shared as a class, so the notifier carries
 * none of the Flink job's types.
 *
 * @param alertId the de-duplication key
 * @param severity derived from verdict and confidence ({@link Severity#of})
 * @param recommendation the policy that would block it, when the record carries one, else null
 */
record ReceivedAlert(
        String alertId,
        Verdict verdict,
        Peer source,
        Peer destination,
        int port,
        String protocol,
        Instant windowStart,
        Instant windowEnd,
        double confidence,
        Severity severity,
        String reason,
        Kernel kernel,
        Proxy proxy,
        String recommendation) {

    /** One end of the edge. {@code kind} is {@code workload}, {@code host}, ... as in findings. */
    record Peer(String namespace, String workload, String kind, boolean meshed) {
        /** {@code namespace/workload}, or the bare name for peers outside namespaces. */
        String display() {
            return namespace == null ? workload : namespace + "/" + workload;
        }
    }

    /** The kernel layer's counts. */
    record Kernel(
            long sourceReportedFlows,
            long destinationReportedFlows,
            long connectionsStarted,
            long bytes,
            long allowedFlows,
            long deniedFlows,
            List<String> processNames) {}

    /** The proxy layer's counts. */
    record Proxy(
            long outboundRequests,
            long inboundRequests,
            long mutualTlsRequests,
            long plaintextRequests) {}

    /** The edge and verdict: alerts with equal keys are grouped within the quiet period. */
    String groupKey() {
        return source.display()
                + " -> "
                + destination.display()
                + ":"
                + port
                + "/"
                + protocol
                + "#"
                + verdict.name();
    }
}
