package dev.tandem.ingest.envoy;

import dev.tandem.ingest.decode.ValueCache;
import dev.tandem.ingest.model.UpstreamCluster;
import java.util.function.Function;

/**
 * The values a sidecar repeats on nearly every line (method, protocol, its own listener address,
 * the cluster, the SNI, the authority, the user agent, the path), converted once rather than once
 * per line: a hit makes no new String, address or cluster. This is what keeps a decoded record
 * within the allocation budget (about 1.5 KB) and spares the address and cluster parsers most of
 * their work.
 *
 * <p>Each {@link Kind} has its own {@link ValueCache}, shared by both Envoy decoders and every
 * thread, so values that rarely repeat (paths with ids) only evict their own kind. Absent values
 * ({@code -}, empty) are not looked up: they convert as null does. A hit returns a value equal to
 * what a miss builds, so a result never depends on what was decoded before. Values that differ on
 * every line (request ids, times) are not looked up here at all.
 */
final class RepeatedValues {
    /** The longest value remembered; longer ones are converted every time. */
    static final int MAX_LENGTH = ValueCache.MAX_KEY_CHARS;

    /** The kinds of repeated values, each with its conversion and table size. */
    enum Kind {
        /** Method, protocol, response flags and details, route name: a handful of words. */
        WORD(128, false, text -> text),
        /** Authority, SNI, forwarded-for, failure reasons. */
        NAME(256, false, text -> text),
        USER_AGENT(64, false, text -> text),
        /** Paths often carry ids: kept only once seen twice, so one-off paths copy nothing. */
        PATH(256, true, text -> text),
        /** The host part of an address: pod IPs recur though ephemeral ports do not. */
        HOST(512, false, text -> text),
        UPSTREAM_HOST(128, false, text -> ProxyFields.address(ProxyFields.UPSTREAM_HOST, text)),
        DOWNSTREAM_LOCAL_ADDRESS(
                128,
                false,
                text -> ProxyFields.address(ProxyFields.DOWNSTREAM_LOCAL_ADDRESS, text)),
        /** The upstream cluster, taken apart ({@code NONE} when absent). */
        UPSTREAM_CLUSTER(128, false, UpstreamCluster::parse);

        private final Function<String, Object> convert;
        private final ValueCache<Object> cache;

        Kind(int slots, boolean admitOnSecondSight, Function<String, Object> convert) {
            this.convert = convert;
            this.cache = new ValueCache<>(slots, admitOnSecondSight, convert);
        }
    }

    private static final RepeatedValues SHARED = new RepeatedValues();

    private RepeatedValues() {}

    /** The tables (one set, shared: the caches are thread-safe). */
    static RepeatedValues get() {
        return SHARED;
    }

    /**
     * The converted value of {@code bytes[from, to)}, which must be valid UTF-8; absent values
     * ({@code -}, empty) convert as null does.
     *
     * @throws Rejection when the value does not convert (a malformed address)
     */
    Object get(Kind kind, byte[] bytes, int from, int to) {
        int length = to - from;
        if (length == 0 || (length == 1 && bytes[from] == '-')) {
            return kind.convert.apply(null);
        }
        return kind.cache.get(bytes, from, length);
    }

    /** The same for characters, as Jackson hands them out. */
    Object get(Kind kind, char[] chars, int from, int to) {
        int length = to - from;
        if (length == 0 || (length == 1 && chars[from] == '-')) {
            return kind.convert.apply(null);
        }
        return kind.cache.get(chars, from, length);
    }

    /** The host part of an address, shared; not absent even when it is {@code -}. */
    String host(char[] chars, int from, int to) {
        return (String) Kind.HOST.cache.get(chars, from, to - from);
    }

    /** The same for UTF-8 bytes. */
    String host(byte[] bytes, int from, int to) {
        return (String) Kind.HOST.cache.get(bytes, from, to - from);
    }

    /** Converts a value that did not come as plain text (a JSON number or null), uncached. */
    static Object convert(Kind kind, String text) {
        return kind.convert.apply(text);
    }
}
