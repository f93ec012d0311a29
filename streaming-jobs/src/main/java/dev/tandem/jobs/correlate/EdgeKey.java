package dev.tandem.jobs.correlate;

import dev.tandem.ingest.model.EndpointRef;

/**
 * The identity of an edge as one string, {@code srcNs/srcWorkload>dstNs/dstWorkload:port/proto}: a
 * cheap, stable key for Flink's key groups. Kinds are part of it so that a host and a workload of
 * the same name stay apart.
 */
public final class EdgeKey {
    private EdgeKey() {}

    public static String of(
            EndpointRef source, EndpointRef destination, int port, String protocol) {
        return side(source) + ">" + side(destination) + ":" + port + "/" + protocol;
    }

    private static String side(EndpointRef ref) {
        return ref.kind().jsonName()
                + "|"
                + (ref.namespace() == null ? "" : ref.namespace())
                + "/"
                + ref.workload();
    }
}
