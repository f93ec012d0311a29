package dev.tandem.scenario;

import java.nio.file.Path;

/**
 * One log file of a scenario, as a node holds it.
 *
 * @param node the node it lives on (the shipper's node name)
 * @param kind what it holds
 * @param path where it was written
 * @param lines how many lines it has
 */
public record LogFile(String node, Kind kind, Path path, long lines) {
    /** The two layers' logs. */
    public enum Kind {
        /** Calico flow logs. */
        FLOWS,
        /** Envoy access logs in their envelopes. */
        PROXY
    }
}
