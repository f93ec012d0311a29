package dev.tandem.ingest.model;

import java.util.List;

/** The policy traces Calico attached to a flow. Lists are never null and read-only. */
public record FlowPolicies(
        List<PolicyHit> all,
        List<PolicyHit> enforced,
        List<PolicyHit> pending,
        List<PolicyHit> transit) {
    private static final FlowPolicies NONE =
            new FlowPolicies(List.of(), List.of(), List.of(), List.of());

    public FlowPolicies {
        all = all == null ? List.of() : List.copyOf(all);
        enforced = enforced == null ? List.of() : List.copyOf(enforced);
        pending = pending == null ? List.of() : List.copyOf(pending);
        transit = transit == null ? List.of() : List.copyOf(transit);
    }

    public static FlowPolicies none() {
        return NONE;
    }
}
