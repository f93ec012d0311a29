package dev.tandem.recommender;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointRef;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Sums edge windows into {@link ObservedEdge}s, one per {@code (source, destination, port,
 * protocol)}. Memory grows with the number of distinct edges, not windows, so the archive streams
 * through it.
 */
public final class EdgeAggregator implements Consumer<EdgeWindow> {
    /**
     * Paths kept per edge while summing. The correlate job already bounds paths per window; this
     * bounds them across windows so a path-scanning caller cannot grow memory without limit.
     */
    static final int MAX_PATHS_PER_EDGE = 4096;

    /**
     * Unsafe paths ({@link PathHazard}) kept per edge, the first ones in sort order: they are
     * examples for a person reviewing the edge, and a scanner can send any number of them.
     */
    static final int MAX_UNSAFE_PATHS_PER_EDGE = 16;

    /**
     * Authorities ({@code :authority} or SNI names) kept per edge. They name external peers; more
     * than a few dozen names behind one address is a CDN, and the first ones (sorted) serve.
     */
    static final int MAX_AUTHORITIES_PER_EDGE = 64;

    private final Map<Key, Sum> sums = new TreeMap<>();

    /**
     * The same sums by hash: a million windows over tens of thousands of edges would otherwise pay
     * a tree walk of comparator calls each. The tree stays the authority (keys it holds equal, such
     * as a null and an empty namespace, share one sum), this only remembers where a key went.
     */
    private final Map<Key, Sum> found = new HashMap<>();

    private long windowsRead;

    private record Key(WorkloadKey source, WorkloadKey destination, int port, String protocol)
            implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = source.compareTo(o.source);
            if (c == 0) c = destination.compareTo(o.destination);
            if (c == 0) c = Integer.compare(port, o.port);
            return c != 0 ? c : protocol.compareTo(o.protocol);
        }
    }

    private static final class Sum {
        EndpointRef source;
        EndpointRef destination;
        Instant latestStart = Instant.MIN;
        long windows;
        final TreeMap<String, Long> verdicts = new TreeMap<>();
        Instant firstSeen = Instant.MAX;
        Instant lastSeen = Instant.MIN;
        double minConfidence = 1;
        long kernelFlows;
        long connections;
        long bytes;
        long proxyRequests;
        long mutualTls;
        long plaintext;
        final TreeMap<String, Long> methods = new TreeMap<>();
        final TreeMap<String, Long> paths = new TreeMap<>();
        final TreeMap<UnsafePath, Long> unsafePaths = new TreeMap<>();
        final TreeSet<String> principals = new TreeSet<>();
        final TreeSet<String> authorities = new TreeSet<>();
    }

    @Override
    public void accept(EdgeWindow w) {
        windowsRead++;
        Key key =
                new Key(
                        WorkloadKey.of(w.source()),
                        WorkloadKey.of(w.destination()),
                        w.port(),
                        w.protocol());
        Sum s = sumOf(key);
        // Labels and service accounts change with deployments: the latest window describes today.
        if (!w.windowStart().isBefore(s.latestStart)) {
            s.latestStart = w.windowStart();
            s.source = w.source();
            s.destination = w.destination();
        }
        s.windows++;
        s.verdicts.merge(w.verdict().name(), 1L, Long::sum);
        s.firstSeen = min(s.firstSeen, w.windowStart());
        s.lastSeen = max(s.lastSeen, w.windowEnd());
        s.minConfidence = Math.min(s.minConfidence, w.confidence());
        s.kernelFlows += w.kernel().sourceReportedFlows() + w.kernel().destinationReportedFlows();
        s.connections += w.kernel().connectionsStarted();
        s.bytes += w.kernel().bytes();
        s.proxyRequests += w.proxy().outboundRequests() + w.proxy().inboundRequests();
        s.mutualTls += w.proxy().mutualTlsRequests();
        s.plaintext += w.proxy().plaintextRequests();
        w.proxy().methods().forEach((m, n) -> s.methods.merge(m, n, Long::sum));
        w.proxy().paths().forEach((p, n) -> addObservedPath(s, p, n));
        s.principals.addAll(w.proxy().peerPrincipals());
        for (String authority : w.proxy().authorities()) {
            addBounded(s.authorities, authority, MAX_AUTHORITIES_PER_EDGE);
        }
    }

    /** Adds {@code value}, keeping the {@code max} smallest: the same set whatever the order. */
    private static void addBounded(TreeSet<String> set, String value, int max) {
        if (set.size() < max) {
            set.add(value);
        } else if (value.compareTo(set.last()) < 0 && set.add(value)) {
            set.pollLast();
        }
    }

    private Sum sumOf(Key key) {
        Sum s = found.get(key);
        if (s == null) {
            s = sums.computeIfAbsent(key, k -> new Sum());
            found.put(key, s);
        }
        return s;
    }

    /** How many windows were summed. */
    public long windowsRead() {
        return windowsRead;
    }

    /** The edges, sorted by source, destination, port, protocol. */
    public List<ObservedEdge> edges() {
        List<ObservedEdge> out = new ArrayList<>(sums.size());
        sums.forEach(
                (key, s) ->
                        out.add(
                                new ObservedEdge(
                                        s.source,
                                        s.destination,
                                        key.port,
                                        key.protocol,
                                        s.windows,
                                        readOnly(s.verdicts),
                                        s.firstSeen,
                                        s.lastSeen,
                                        s.minConfidence,
                                        s.kernelFlows,
                                        s.connections,
                                        s.bytes,
                                        s.proxyRequests,
                                        s.mutualTls,
                                        s.plaintext,
                                        readOnly(s.methods),
                                        readOnly(s.paths),
                                        readOnly(s.unsafePaths),
                                        List.copyOf(s.principals),
                                        List.copyOf(s.authorities))));
        return out;
    }

    /**
     * Screens a path a client sent before it joins the edge's paths: one a policy cannot name as
     * itself is kept apart, as evidence for review. Screening here, before {@link #addPath} folds,
     * is what keeps a client's {@code /*} from being mistaken for the {@code /*} the fold writes.
     */
    private static void addObservedPath(Sum s, String path, long count) {
        PathHazard hazard = PathHazard.of(path);
        if (hazard == null) {
            addPath(s.paths, path, count);
        } else {
            countBounded(
                    s.unsafePaths, UnsafePath.of(path, hazard), count, MAX_UNSAFE_PATHS_PER_EDGE);
        }
    }

    /**
     * Adds {@code count} for {@code key}, keeping the {@code max} smallest keys: the same keys
     * whatever the order, and their counts exact (a key once dropped is larger than {@code max}
     * others, so it cannot be among the smallest at the end).
     */
    private static <K extends Comparable<K>> void countBounded(
            TreeMap<K, Long> counts, K key, long count, int max) {
        if (counts.size() < max || counts.containsKey(key)) {
            counts.merge(key, count, Long::sum);
        } else if (key.compareTo(counts.lastKey()) < 0) {
            counts.pollLastEntry();
            counts.put(key, count);
        }
    }

    /**
     * Keeps {@code paths} under {@link #MAX_PATHS_PER_EDGE}: when a new path would pass it, the map
     * is folded into prefix patterns first ({@link PathTemplates#generalize}), which keeps the
     * paths' structure rather than cutting everything to one segment.
     */
    private static void addPath(TreeMap<String, Long> paths, String path, long count) {
        if (paths.size() >= MAX_PATHS_PER_EDGE && !paths.containsKey(path)) {
            Map<String, String> folded =
                    PathTemplates.generalize(paths.keySet(), MAX_PATHS_PER_EDGE / 8);
            TreeMap<String, Long> compacted = new TreeMap<>();
            paths.forEach((p, n) -> compacted.merge(folded.get(p), n, Long::sum));
            paths.clear();
            paths.putAll(compacted);
        }
        paths.merge(path, count, Long::sum);
    }

    private static <K> SortedMap<K, Long> readOnly(TreeMap<K, Long> map) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
