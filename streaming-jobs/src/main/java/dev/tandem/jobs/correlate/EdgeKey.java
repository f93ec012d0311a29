package dev.tandem.jobs.correlate;

import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import java.util.Arrays;

/**
 * The identity of an edge as one string, {@code srcNs/srcWorkload>dstNs/dstWorkload:port/proto}: a
 * cheap, stable key for Flink's key groups. Kinds are part of it so that a host and a workload of
 * the same name stay apart.
 */
public final class EdgeKey {
    /**
     * {@link EndpointKind#jsonName()} by ordinal: it lower-cases the name on every call, and every
     * record's key is built twice (to pick its channel, and again on arrival).
     */
    private static final String[] KIND_NAMES =
            Arrays.stream(EndpointKind.values()).map(EndpointKind::jsonName).toArray(String[]::new);

    private EdgeKey() {}

    public static String of(
            EndpointRef source, EndpointRef destination, int port, String protocol) {
        return side(source) + ">" + side(destination) + ":" + port + "/" + protocol;
    }

    private static String side(EndpointRef ref) {
        return KIND_NAMES[ref.kind().ordinal()]
                + "|"
                + (ref.namespace() == null ? "" : ref.namespace())
                + "/"
                + ref.workload();
    }
}
