package dev.tandem.ingest.detect;

import java.util.Locale;

/** What a log source holds, as {@code --kind} says it. */
public enum LogKind {
    /** Detect each line's format on its own. */
    AUTO,
    /** Calico Enterprise/Cloud flow logs. */
    CALICO,
    /** Calico open-source Goldmane flows. */
    GOLDMANE,
    /** Envoy/Istio access logs, TEXT or JSON, bare or in an envelope. */
    ENVOY;

    /** The lower-case name used on the command line. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
