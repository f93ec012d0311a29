package dev.tandem.scenario;

/**
 * Where Calico's policy dropped a flow, and the policy hit it logs for it.
 *
 * <p>At the source's egress the packets never leave the source's node: only that node reports the
 * flow, denied. At the destination's ingress they leave (the source's node reports the flow
 * allowed) and the destination's node drops them (and reports it denied).
 *
 * @param policyHit {@code idx|tier|name|action|rule}, as {@code policies} lists it
 * @param atDestination true for the destination's ingress, false for the source's egress
 */
record Denial(String policyHit, boolean atDestination) {
    static Denial atSourceEgress(String policyHit) {
        return new Denial(policyHit, false);
    }

    static Denial atDestinationIngress(String policyHit) {
        return new Denial(policyHit, true);
    }

    /** Whether the node reporting for this side logs the flow as denied. */
    boolean deniedBy(boolean sourceReport) {
        return atDestination != sourceReport;
    }
}
