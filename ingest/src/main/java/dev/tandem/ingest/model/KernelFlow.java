package dev.tandem.ingest.model;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Kernel evidence: one aggregated flow record as the host's policy engine (Calico) saw it over one
 * flush interval.
 *
 * @param origin which Calico produced it
 * @param start start of the interval (flow logs carry whole seconds); null when the record had none
 *     (documentation examples of forwarded flows omit it)
 * @param end end of the interval; null when the record had none
 * @param source the sending side
 * @param destination the receiving side
 * @param destinationPort the destination port, or null when absent (ICMP)
 * @param protocol {@code tcp}, {@code udp}, {@code icmp}, ... lower case, or a protocol number
 * @param action allow or deny
 * @param reporters who reported it, in enum order (a forwarded flow can be {@code dst} and {@code
 *     fwd} at once)
 * @param destinationService the Service addressed, or null
 * @param policies the policy traces, never null
 * @param counters bytes, packets and flow counts
 * @param processNames the processes behind the flow when process info is on, else empty
 * @param originalSourceIps addresses from {@code X-Forwarded-For} and friends, else empty
 * @param destinationDomains DNS names the destination was looked up by, else empty
 * @param host the node that reported it, or null
 * @param tcpStats TCP statistics, or null when not collected
 */
public record KernelFlow(
        FlowOrigin origin,
        Instant start,
        Instant end,
        FlowEndpoint source,
        FlowEndpoint destination,
        Integer destinationPort,
        String protocol,
        FlowAction action,
        List<FlowReporter> reporters,
        DestinationService destinationService,
        FlowPolicies policies,
        FlowCounters counters,
        List<String> processNames,
        List<String> originalSourceIps,
        List<String> destinationDomains,
        String host,
        TcpStats tcpStats)
        implements Evidence {
    public KernelFlow {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(action, "action");
        reporters = List.copyOf(reporters);
        policies = policies == null ? FlowPolicies.none() : policies;
        processNames = processNames == null ? List.of() : List.copyOf(processNames);
        originalSourceIps = originalSourceIps == null ? List.of() : List.copyOf(originalSourceIps);
        destinationDomains =
                destinationDomains == null ? List.of() : List.copyOf(destinationDomains);
    }
}
