package dev.tandem.ingest.model;

/** What Tandem concludes about one edge in one window, from the evidence of both layers. */
public enum Verdict {
    /** The sidecars handled the traffic the kernel saw. */
    MEDIATED,
    /**
     * The destination has a sidecar; the kernel saw allowed traffic arrive; its sidecar saw none.
     */
    BYPASS_INGRESS,
    /**
     * The source has a sidecar; the kernel saw traffic leave; its sidecar did not send it (or the
     * flow's process was not the proxy).
     */
    BYPASS_EGRESS,
    /** The traffic reached a sidecar without mTLS. */
    PLAINTEXT,
    /** The kernel layer denied the traffic. */
    DENIED,
    /** Neither side has a sidecar: only the kernel layer applies. */
    UNMESHED;

    /** True for the verdicts that are findings: worth a look, an alert, and never an allow rule. */
    public boolean isFinding() {
        return this == BYPASS_INGRESS
                || this == BYPASS_EGRESS
                || this == PLAINTEXT
                || this == DENIED;
    }

    /** True for the two bypass verdicts. */
    public boolean isBypass() {
        return this == BYPASS_INGRESS || this == BYPASS_EGRESS;
    }
}
