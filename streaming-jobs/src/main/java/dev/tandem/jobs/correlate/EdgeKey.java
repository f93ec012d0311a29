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

    /**
     * The hash code of {@link #of}'s string for the evidence's edge, without building it: the
     * {@link EdgeBatcher} groups every piece of evidence by edge, and building the key for each was
     * most of that cost.
     */
    static int hash(EdgeEvidence evidence) {
        int hash = side(0, evidence.source());
        hash = StringHash.append(hash, '>');
        hash = side(hash, evidence.destination());
        hash = StringHash.append(hash, ':');
        hash = StringHash.append(hash, evidence.port());
        hash = StringHash.append(hash, '/');
        return StringHash.append(hash, evidence.protocol());
    }

    /** Whether two pieces of evidence have the same edge key: {@link #of}'s strings are equal. */
    static boolean same(EdgeEvidence a, EdgeEvidence b) {
        if (a.port() == b.port()
                && a.protocol().equals(b.protocol())
                && sameSide(a.source(), b.source())
                && sameSide(a.destination(), b.destination())) {
            return true;
        }
        // Different fields can still make one string (a name with a separator in it): compare them.
        return a.edgeKey().equals(b.edgeKey());
    }

    private static boolean sameSide(EndpointRef a, EndpointRef b) {
        return a.kind() == b.kind()
                && namespace(a).equals(namespace(b))
                && a.workload().equals(b.workload());
    }

    private static String namespace(EndpointRef ref) {
        return ref.namespace() == null ? "" : ref.namespace();
    }

    private static int side(int hash, EndpointRef ref) {
        hash = StringHash.append(hash, KIND_NAMES[ref.kind().ordinal()]);
        hash = StringHash.append(hash, '|');
        hash = StringHash.append(hash, namespace(ref));
        hash = StringHash.append(hash, '/');
        return StringHash.append(hash, ref.workload());
    }

    private static String side(EndpointRef ref) {
        return KIND_NAMES[ref.kind().ordinal()] + "|" + namespace(ref) + "/" + ref.workload();
    }
}
