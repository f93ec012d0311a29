package dev.tandem.ingest.goldmane;

/**
 * Goldmane's {@code PolicyKind}, and how each kind's policy is named in Calico's policy strings.
 * Goldmane splits a policy into kind, namespace, tier and name; Calico Enterprise flow logs and
 * Tandem's {@link dev.tandem.ingest.model.PolicyHit} carry one name ({@code
 * policy-demo/default.access-nginx}). Rebuilding that name the way Goldmane itself does ({@code
 * PolicyHit.ToString} in {@code goldmane/proto/methods.go}) makes hits from both sources compare
 * equal.
 */
enum GoldmanePolicyKind {
    UNSPECIFIED(false),
    CALICO_NETWORK_POLICY(false),
    GLOBAL_NETWORK_POLICY(false),
    STAGED_NETWORK_POLICY(true),
    STAGED_GLOBAL_NETWORK_POLICY(true),
    STAGED_KUBERNETES_NETWORK_POLICY(true),
    NETWORK_POLICY(false),
    /** {@code ClusterNetworkPolicyAdminTier}, called {@code AdminNetworkPolicy} before. */
    ADMIN_TIER(false),
    /**
     * {@code ClusterNetworkPolicyBaselineTier}, called {@code BaselineAdminNetworkPolicy} before.
     */
    BASELINE_TIER(false),
    PROFILE(false),
    /** The tier's default action, triggered by the policy in the hit's {@code trigger}. */
    END_OF_TIER(false);

    /** Calico's tier name for profiles, which are not in a real tier. */
    static final String PROFILE_TIER = "__PROFILE__";

    private static final GoldmanePolicyKind[] BY_NUMBER = values();

    private final boolean staged;

    GoldmanePolicyKind(boolean staged) {
        this.staged = staged;
    }

    /** True for staged kinds: the policy was evaluated but did not act on the flow. */
    boolean staged() {
        return staged;
    }

    /** By protobuf number; numbers beyond the known ones are {@link #UNSPECIFIED}. */
    static GoldmanePolicyKind fromNumber(long number) {
        // The declaration order above is the protobuf numbering, 0 to 10.
        if (number < 0 || number >= BY_NUMBER.length) {
            return UNSPECIFIED;
        }
        return BY_NUMBER[(int) number];
    }

    /** By value name, lower case without underscores; unknown names are {@link #UNSPECIFIED}. */
    static GoldmanePolicyKind fromName(String normalised) {
        switch (normalised) {
            case "caliconetworkpolicy":
                return CALICO_NETWORK_POLICY;
            case "globalnetworkpolicy":
                return GLOBAL_NETWORK_POLICY;
            case "stagednetworkpolicy":
                return STAGED_NETWORK_POLICY;
            case "stagedglobalnetworkpolicy":
                return STAGED_GLOBAL_NETWORK_POLICY;
            case "stagedkubernetesnetworkpolicy":
                return STAGED_KUBERNETES_NETWORK_POLICY;
            case "networkpolicy":
                return NETWORK_POLICY;
            case "clusternetworkpolicyadmintier":
            case "adminnetworkpolicy":
                return ADMIN_TIER;
            case "clusternetworkpolicybaselinetier":
            case "baselineadminnetworkpolicy":
                return BASELINE_TIER;
            case "profile":
                return PROFILE;
            case "endoftier":
                return END_OF_TIER;
            default:
                return UNSPECIFIED;
        }
    }

    /** The tier as Calico writes it: profiles always sit in {@code __PROFILE__}. */
    String tier(String tier) {
        return this == PROFILE ? PROFILE_TIER : tier;
    }

    /** The policy's name as Calico writes it in {@code idx|tier|name|action|rule}. */
    String calicoName(String namespace, String tier, String name) {
        switch (this) {
            case CALICO_NETWORK_POLICY:
                return namespaced(namespace, name);
            case STAGED_NETWORK_POLICY:
                return namespaced(namespace, tierPrefixed(tier, "staged:" + name));
            case STAGED_GLOBAL_NETWORK_POLICY:
                return tierPrefixed(tier, "staged:" + name);
            case STAGED_KUBERNETES_NETWORK_POLICY:
                return namespaced(namespace, "staged:knp.default." + name);
            case NETWORK_POLICY:
                return namespaced(namespace, "knp.default." + name);
            case ADMIN_TIER:
                return "kanp.adminnetworkpolicy." + name;
            case BASELINE_TIER:
                return "kbanp.baselineadminnetworkpolicy." + name;
            case PROFILE:
                return PROFILE_TIER + "." + name;
            case GLOBAL_NETWORK_POLICY:
            default:
                return namespaced(namespace, name);
        }
    }

    private static String tierPrefixed(String tier, String name) {
        return tier == null ? name : tier + "." + name;
    }

    private static String namespaced(String namespace, String name) {
        return namespace == null ? name : namespace + "/" + name;
    }
}
