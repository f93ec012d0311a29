package dev.tandem.ingest.model;

/** Calico's endpoint types in flow logs. */
public enum FlowEndpointType {
    /** Workload endpoint: a pod. */
    WEP,
    /** Host endpoint: a node interface. */
    HEP,
    /** A namespaced NetworkSet. */
    NS,
    /** A network: a GlobalNetworkSet, or {@code pub}/{@code pvt}. */
    NET;

    /**
     * Reads Calico's spelling ({@code wep}, {@code hep}, {@code ns}, {@code net}); null if unknown.
     */
    public static FlowEndpointType fromCalico(String value) {
        if (value == null) {
            return null;
        }
        switch (value) {
            case "wep":
                return WEP;
            case "hep":
                return HEP;
            case "ns":
                return NS;
            case "net":
                return NET;
            default:
                return null;
        }
    }
}
