package dev.tandem.ingest.model;

import java.util.List;

/**
 * What the kernel layer (Calico) saw of one edge in one window, summed over its flow records.
 *
 * @param sourceReportedFlows flows reported by the source's node ({@code reporter=src})
 * @param destinationReportedFlows flows reported by the destination's node ({@code reporter=dst})
 * @param connectionsStarted connections started in the window
 * @param bytes bytes both ways
 * @param packets packets both ways
 * @param allowedFlows flows the policy allowed
 * @param deniedFlows flows the policy denied
 * @param processNames the processes behind the flows, sorted, when Calico reported them
 * @param policies the enforced policies that decided, as {@code tier|name|action}, sorted
 */
public record KernelEvidence(
        long sourceReportedFlows,
        long destinationReportedFlows,
        long connectionsStarted,
        long bytes,
        long packets,
        long allowedFlows,
        long deniedFlows,
        List<String> processNames,
        List<String> policies) {
    private static final KernelEvidence NONE =
            new KernelEvidence(0, 0, 0, 0, 0, 0, 0, List.of(), List.of());

    public KernelEvidence {
        processNames = processNames == null ? List.of() : List.copyOf(processNames);
        policies = policies == null ? List.of() : List.copyOf(policies);
    }

    /** No kernel evidence at all. */
    public static KernelEvidence none() {
        return NONE;
    }

    /** True when the kernel saw anything of this edge. */
    public boolean seen() {
        return sourceReportedFlows + destinationReportedFlows > 0;
    }
}
