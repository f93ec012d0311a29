package dev.tandem.ingest.model;

/**
 * One entry of a flow's policy trace, Calico's {@code idx|tier|name|action|rule}.
 *
 * @param index the position of this hit in the trace
 * @param tier the tier ({@code default}, {@code security}, {@code __PROFILE__})
 * @param name the policy as Calico writes it ({@code policy-demo/default.access-nginx})
 * @param action {@code allow}, {@code deny}, {@code pass} or {@code log}, lower case
 * @param rule the rule index inside the policy; -1 for the tier's end-of-tier action; null when the
 *     entry had none (older Calico)
 * @param staged true for a staged policy ({@code staged:} prefix), which did not act on the flow
 */
public record PolicyHit(
        int index, String tier, String name, String action, Integer rule, boolean staged) {}
