package dev.tandem.ingest.detect;

import dev.tandem.ingest.text.AsciiBytes;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The part of {@link LineFormatSniffer} that tells JSON objects apart: Envoy JSON, a Fluent Bit
 * record, a Calico flow log record or a Goldmane flow, from the keys that only one of them has.
 *
 * <p>Any quoted string followed by a colon counts as a key, as in a scan that knows nothing of
 * nesting. String values are skipped with their escapes, so a key-like text inside a value (an
 * Envoy JSON line inside a Fluent Bit record's {@code log}) never counts as a key. A string that is
 * never closed ends the scan; the keys before it decide.
 *
 * <p>The answer depends on every key, so the scan reads on until no later key could change it: to
 * the end of the line, except once a Fluent Bit record's keys are seen (the first rule), or once an
 * access log line's first Envoy key is seen and the rest of the line cannot hold a log or Goldmane
 * key (a cheaper search for their bytes says so, see {@link #settled}). It is the per-line cost of
 * every JSON line, so it reads eight bytes at a time: one 64-bit load gives the positions of all
 * quotes in it, and the bytes between two quotes are never looked at one by one. A word with a
 * backslash in it is read byte by byte, which keeps escapes exact (a backslash in a string escapes
 * the byte after it, whatever it is, even in the next word); Envoy JSON lines seldom have one.
 */
final class JsonKeySniffer {
    private static final int LOG = 1;
    private static final int KUBERNETES = 1 << 1;
    private static final int STREAM = 1 << 2;
    private static final int GOLDMANE_KEY = 1 << 3;
    private static final int UPSTREAM_CLUSTER = 1 << 4;
    private static final int DOWNSTREAM_REMOTE = 1 << 5;
    private static final int RESPONSE_CODE = 1 << 6;
    private static final int REPORTER = 1 << 7;
    private static final int CALICO_NAME_AGGR = 1 << 8;
    private static final int SOURCE_NAMESPACE = 1 << 9;
    private static final int ENVOY_KEYS = UPSTREAM_CLUSTER | DOWNSTREAM_REMOTE | RESPONSE_CODE;
    private static final int CALICO_KEYS = REPORTER | CALICO_NAME_AGGR | SOURCE_NAMESPACE;
    // Keys that settle the layer on their own: an envelope's log line or an access log field
    // means a proxy line; a flow key means a kernel flow.
    private static final int PROXY_LAYER_KEYS = LOG | ENVOY_KEYS;
    private static final int KERNEL_LAYER_KEYS = GOLDMANE_KEY | CALICO_KEYS;

    // Keys that only one format has; keyFlag says which flag each sets.
    private static final byte[] LOG_KEY = AsciiBytes.of("log");
    private static final byte[] STREAM_KEY = AsciiBytes.of("stream");
    private static final byte[] REPORTER_KEY = AsciiBytes.of("reporter");
    private static final byte[] KUBERNETES_KEY = AsciiBytes.of("kubernetes");
    private static final byte[] RESPONSE_CODE_KEY = AsciiBytes.of("response_code");
    private static final byte[] UPSTREAM_CLUSTER_KEY = AsciiBytes.of("upstream_cluster");
    private static final byte[] SOURCE_NAMESPACE_KEY = AsciiBytes.of("source_namespace");
    private static final byte[] DOWNSTREAM_REMOTE_KEY = AsciiBytes.of("downstream_remote_address");
    private static final byte[] NAME_AGGR_SUFFIX = AsciiBytes.of("_name_aggr");

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_SEVEN_BITS = 0x7F7F7F7F7F7F7F7FL;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;

    private JsonKeySniffer() {}

    /**
     * The format of the JSON object in {@code bytes[from, end)}; {@code layerOnly} as {@link
     * LineFormatSniffer#sniffLayer} says.
     */
    static LineFormat sniff(byte[] bytes, int from, int end, boolean layerOnly) {
        int keys = 0;
        boolean inString = false;
        int start = 0; // where the content of the open string starts
        int i = from;
        while (i < end) {
            if (i <= end - Long.BYTES) {
                long word = (long) LONGS.get(bytes, i);
                if (zeroBytes(word ^ BACKSLASHES) == 0) {
                    long quotes = zeroBytes(word ^ QUOTES);
                    while (quotes != 0) {
                        int at = i + (Long.numberOfTrailingZeros(quotes) >>> 3);
                        quotes &= quotes - 1;
                        if (!inString) {
                            inString = true;
                            start = at + 1;
                            continue;
                        }
                        inString = false;
                        int more = withKey(keys, bytes, start, at, end);
                        if (more != keys) {
                            LineFormat settled = settled(keys, more, layerOnly, bytes, at + 1, end);
                            if (settled != null) {
                                return settled;
                            }
                            keys = more;
                        }
                    }
                    i += Long.BYTES;
                    continue;
                }
            }
            // One byte at a time: a word with a backslash, or the last bytes of the line.
            int stop = Math.min(i + Long.BYTES, end);
            for (; i < stop; i++) {
                byte b = bytes[i];
                if (b == '\\' && inString) {
                    i++; // skip the escaped byte, even if it is in the next word
                } else if (b == '"' && !inString) {
                    inString = true;
                    start = i + 1;
                } else if (b == '"') {
                    inString = false;
                    int more = withKey(keys, bytes, start, i, end);
                    if (more != keys) {
                        LineFormat settled = settled(keys, more, layerOnly, bytes, i + 1, end);
                        if (settled != null) {
                            return settled;
                        }
                        keys = more;
                    }
                }
            }
        }
        return decide(keys);
    }

    /**
     * {@code keys} with the flag of the string {@code bytes[from, to)} if it is a key, that is if a
     * colon follows its closing quote. The flag is found first: most strings are values or keys no
     * format cares about, and their length alone rules them out.
     */
    private static int withKey(int keys, byte[] bytes, int from, int to, int end) {
        int flag = keyFlag(bytes, from, to);
        if ((keys | flag) == keys) {
            return keys;
        }
        int next = LineFormatSniffer.skipWhitespace(bytes, to + 1, end);
        return next < end && bytes[next] == ':' ? keys | flag : keys;
    }

    /**
     * The answer once no later key can change it, or null while one still could: {@code keys} are
     * the keys before the one just read, {@code more} the keys with it, and the rest of the line is
     * {@code bytes[rest, end)}.
     */
    private static LineFormat settled(
            int keys, int more, boolean layerOnly, byte[] bytes, int rest, int end) {
        if (layerOnly && (more & PROXY_LAYER_KEYS) != 0) {
            return LineFormat.ENVOY_JSON;
        }
        if (layerOnly && (more & KERNEL_LAYER_KEYS) != 0) {
            return (more & GOLDMANE_KEY) != 0 ? LineFormat.GOLDMANE_JSON : LineFormat.CALICO_JSON;
        }
        if (isFluentBit(more)) {
            return LineFormat.FLUENT_BIT_ENVELOPE;
        }
        // The first Envoy key of an access log line: only a later log or Goldmane key could
        // change the answer, and neither can be there if the rest of the line does not hold its
        // five bytes (quote, name, quote). Asked once per line, as the first Envoy key is seen.
        if ((keys & ENVOY_KEYS) == 0
                && (more & ENVOY_KEYS) != 0
                && (more & (LOG | GOLDMANE_KEY)) == 0
                && !mayHoldLogOrGoldmaneKey(bytes, rest, end)) {
            return LineFormat.ENVOY_JSON;
        }
        return null;
    }

    /**
     * False only if {@code bytes[from, end)} holds none of {@code "log"}, {@code "Key"} and {@code
     * "key"}, which a log or Goldmane key starting there would have to. Eight positions at a time:
     * a quote in one word and a quote four bytes on, in a second word read four bytes further, mark
     * a five-byte string whose three letters are then compared.
     */
    static boolean mayHoldLogOrGoldmaneKey(byte[] bytes, int from, int end) {
        int i = from;
        for (; i <= end - Long.BYTES - 4; i += Long.BYTES) {
            long here = zeroBytes((long) LONGS.get(bytes, i) ^ QUOTES);
            long fourOn = zeroBytes((long) LONGS.get(bytes, i + 4) ^ QUOTES);
            for (long both = here & fourOn; both != 0; both &= both - 1) {
                if (isLogOrGoldmaneKey(bytes, i + (Long.numberOfTrailingZeros(both) >>> 3) + 1)) {
                    return true;
                }
            }
        }
        for (; i <= end - 5; i++) {
            if (bytes[i] == '"' && bytes[i + 4] == '"' && isLogOrGoldmaneKey(bytes, i + 1)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLogOrGoldmaneKey(byte[] bytes, int from) {
        return threeLetterKeyFlag(bytes, from) != 0;
    }

    /** The format the keys of a whole object say, first rule first. */
    private static LineFormat decide(int keys) {
        if (isFluentBit(keys)) {
            return LineFormat.FLUENT_BIT_ENVELOPE;
        }
        if ((keys & GOLDMANE_KEY) != 0) {
            return LineFormat.GOLDMANE_JSON;
        }
        if ((keys & ENVOY_KEYS) != 0) {
            return LineFormat.ENVOY_JSON;
        }
        if ((keys & CALICO_KEYS) != 0) {
            return LineFormat.CALICO_JSON;
        }
        return LineFormat.UNKNOWN;
    }

    private static boolean isFluentBit(int keys) {
        return (keys & LOG) != 0 && (keys & (KUBERNETES | STREAM)) != 0;
    }

    /**
     * The flag of the key {@code bytes[from, to)}, or 0. The length picks the one or two keys it
     * could be, so most strings cost a switch and a byte compare or two.
     */
    private static int keyFlag(byte[] bytes, int from, int to) {
        int length = to - from;
        switch (length) {
            case 3:
                return threeLetterKeyFlag(bytes, from);
            case 6:
                return equalsAt(bytes, from, STREAM_KEY) ? STREAM : 0;
            case 8:
                return equalsAt(bytes, from, REPORTER_KEY) ? REPORTER : 0;
            case 10:
                return equalsAt(bytes, from, KUBERNETES_KEY) ? KUBERNETES : 0;
            case 13:
                if (equalsAt(bytes, from, RESPONSE_CODE_KEY)) {
                    return RESPONSE_CODE;
                }
                break;
            case 16:
                if (equalsAt(bytes, from, UPSTREAM_CLUSTER_KEY)) {
                    return UPSTREAM_CLUSTER;
                }
                if (equalsAt(bytes, from, SOURCE_NAMESPACE_KEY)) {
                    return SOURCE_NAMESPACE;
                }
                break;
            case 25:
                if (equalsAt(bytes, from, DOWNSTREAM_REMOTE_KEY)) {
                    return DOWNSTREAM_REMOTE;
                }
                break;
            default:
                break;
        }
        // None of the keys above ends with the suffix, so a key is one or the other, never both.
        if (length > NAME_AGGR_SUFFIX.length
                && equalsAt(bytes, to - NAME_AGGR_SUFFIX.length, NAME_AGGR_SUFFIX)) {
            return CALICO_NAME_AGGR;
        }
        return 0;
    }

    /** {@code log} or Goldmane's {@code Key}/{@code key}. */
    private static int threeLetterKeyFlag(byte[] bytes, int from) {
        if (equalsAt(bytes, from, LOG_KEY)) {
            return LOG;
        }
        byte first = bytes[from];
        return (first == 'K' || first == 'k') && bytes[from + 1] == 'e' && bytes[from + 2] == 'y'
                ? GOLDMANE_KEY
                : 0;
    }

    private static boolean equalsAt(byte[] bytes, int at, byte[] word) {
        for (int k = 0; k < word.length; k++) {
            if (bytes[at + k] != word[k]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The high bit of each zero byte of {@code word} and no other bit: adding 0x7F to the low seven
     * bits of a byte sets its high bit unless they are all zero, and cannot carry into the next
     * byte.
     */
    private static long zeroBytes(long word) {
        return ~(((word & LOW_SEVEN_BITS) + LOW_SEVEN_BITS) | word | LOW_SEVEN_BITS);
    }
}
