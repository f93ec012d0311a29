package dev.tandem.ingest.detect;

/**
 * The sniffer as it was before its JSON scan was made faster (a byte-by-byte scan that compares
 * every key with every candidate), kept unchanged as the oracle for {@link
 * LineFormatSnifferDifferentialTest}: the fast {@link LineFormatSniffer} must give the very same
 * answer for every line. Simple enough to check by reading, which is why it is the reference.
 */
final class ReferenceLineFormatSniffer {
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

    // Keys that only one format has, and the flag each sets.
    private static final byte[][] KEYS = {
        bytes("log"),
        bytes("kubernetes"),
        bytes("stream"),
        bytes("Key"),
        bytes("key"),
        bytes("upstream_cluster"),
        bytes("downstream_remote_address"),
        bytes("response_code"),
        bytes("reporter"),
        bytes("source_namespace")
    };
    private static final int[] KEY_FLAGS = {
        LOG,
        KUBERNETES,
        STREAM,
        GOLDMANE_KEY,
        GOLDMANE_KEY,
        UPSTREAM_CLUSTER,
        DOWNSTREAM_REMOTE,
        RESPONSE_CODE,
        REPORTER,
        SOURCE_NAMESPACE
    };
    private static final byte[] NAME_AGGR_SUFFIX = bytes("_name_aggr");
    private static final byte[] FELIX = bytes("calico-felix[");
    private static final byte[] ZTUNNEL_SOURCE = bytes("src.addr=");
    private static final byte[] ZTUNNEL_ACCESS = bytes(" access ");
    private static final byte[] STDOUT = bytes(" stdout ");
    private static final byte[] STDERR = bytes(" stderr ");

    private ReferenceLineFormatSniffer() {}

    /** The format of {@code bytes[offset, offset+length)}. */
    static LineFormat sniff(byte[] bytes, int offset, int length) {
        return sniff(bytes, offset, length, false);
    }

    /**
     * Like {@link #sniff}, but for a caller that only needs the layer (kernel flow or proxy line):
     * a JSON object is decided by its first key that only one layer's formats have, without reading
     * the rest. The layer of the answer is the same as {@link #sniff}'s; the exact format may not
     * be (a Fluent Bit record may come back as Envoy JSON, both proxy lines). For a shipper that
     * routes kilobyte-long flow records, this saves most of the scan.
     */
    static LineFormat sniffLayer(byte[] bytes, int offset, int length) {
        return sniff(bytes, offset, length, true);
    }

    private static LineFormat sniff(byte[] bytes, int offset, int length, boolean layerOnly) {
        int end = offset + length;
        int i = skipWhitespace(bytes, offset, end);
        if (i >= end) {
            return LineFormat.UNKNOWN;
        }
        byte first = bytes[i];
        if (first == '{') {
            return sniffJsonObject(bytes, i, end, layerOnly);
        }
        if (first == '[') {
            if (looksLikeDate(bytes, i + 1, end)) {
                return LineFormat.ENVOY_TEXT;
            }
            // Fluent Bit's forward form: [1554141513.598656,{...}]
            int j = skipWhitespace(bytes, i + 1, end);
            if (j < end && isDigit(bytes[j])) {
                return LineFormat.FLUENT_BIT_ENVELOPE;
            }
            return LineFormat.UNKNOWN;
        }
        if (looksLikeDate(bytes, i, end)) {
            int probeEnd = Math.min(end, i + 48);
            if (indexOf(bytes, i, probeEnd, STDOUT) >= 0
                    || indexOf(bytes, i, probeEnd, STDERR) >= 0) {
                return LineFormat.CRI_ENVELOPE;
            }
        }
        if (indexOf(bytes, i, Math.min(end, i + 128), FELIX) >= 0) {
            return LineFormat.FELIX_SYSLOG;
        }
        if (indexOf(bytes, i, end, ZTUNNEL_SOURCE) >= 0
                && indexOf(bytes, i, Math.min(end, i + 64), ZTUNNEL_ACCESS) >= 0) {
            return LineFormat.ZTUNNEL;
        }
        return LineFormat.UNKNOWN;
    }

    /**
     * Decides from the object's keys, found in one pass over the bytes. String values are skipped
     * with their escapes, so a key-like text inside a value (an Envoy JSON line inside a Fluent Bit
     * record's {@code log}) never counts as a key.
     */
    private static LineFormat sniffJsonObject(byte[] bytes, int from, int end, boolean layerOnly) {
        int keys = 0;
        int i = from;
        while (i < end) {
            if (bytes[i] != '"') {
                i++;
                continue;
            }
            int start = i + 1;
            int close = closingQuote(bytes, start, end);
            if (close < 0) {
                break;
            }
            int next = skipWhitespace(bytes, close + 1, end);
            if (next < end && bytes[next] == ':') {
                keys |= keyFlag(bytes, start, close);
                if (layerOnly && (keys & PROXY_LAYER_KEYS) != 0) {
                    return LineFormat.ENVOY_JSON;
                }
                if (layerOnly && (keys & KERNEL_LAYER_KEYS) != 0) {
                    return (keys & GOLDMANE_KEY) != 0
                            ? LineFormat.GOLDMANE_JSON
                            : LineFormat.CALICO_JSON;
                }
            }
            i = close + 1;
        }
        if ((keys & LOG) != 0 && (keys & (KUBERNETES | STREAM)) != 0) {
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

    /** The index of the quote closing a string that starts at {@code from}, or -1. */
    private static int closingQuote(byte[] bytes, int from, int end) {
        for (int i = from; i < end; i++) {
            byte b = bytes[i];
            if (b == '\\') {
                i++; // skip the escaped character
            } else if (b == '"') {
                return i;
            }
        }
        return -1;
    }

    private static int keyFlag(byte[] bytes, int from, int to) {
        int length = to - from;
        for (int k = 0; k < KEYS.length; k++) {
            byte[] key = KEYS[k];
            if (key.length == length && equalsAt(bytes, from, key)) {
                return KEY_FLAGS[k];
            }
        }
        if (length > NAME_AGGR_SUFFIX.length
                && equalsAt(bytes, to - NAME_AGGR_SUFFIX.length, NAME_AGGR_SUFFIX)) {
            return CALICO_NAME_AGGR;
        }
        return 0;
    }

    private static boolean equalsAt(byte[] bytes, int at, byte[] word) {
        for (int k = 0; k < word.length; k++) {
            if (bytes[at + k] != word[k]) {
                return false;
            }
        }
        return true;
    }

    /** {@code YYYY-MM-DD} at {@code at}. */
    private static boolean looksLikeDate(byte[] bytes, int at, int end) {
        if (at + 10 > end) {
            return false;
        }
        return isDigit(bytes[at])
                && isDigit(bytes[at + 1])
                && isDigit(bytes[at + 2])
                && isDigit(bytes[at + 3])
                && bytes[at + 4] == '-'
                && isDigit(bytes[at + 5])
                && isDigit(bytes[at + 6])
                && bytes[at + 7] == '-'
                && isDigit(bytes[at + 8])
                && isDigit(bytes[at + 9]);
    }

    private static int skipWhitespace(byte[] bytes, int from, int end) {
        int i = from;
        while (i < end
                && (bytes[i] == ' ' || bytes[i] == '\t' || bytes[i] == '\r' || bytes[i] == '\n')) {
            i++;
        }
        // A UTF-8 byte order mark, as some editors write at the start of a file.
        if (i + 2 < end
                && bytes[i] == (byte) 0xEF
                && bytes[i + 1] == (byte) 0xBB
                && bytes[i + 2] == (byte) 0xBF) {
            return skipWhitespace(bytes, i + 3, end);
        }
        return i;
    }

    private static boolean isDigit(byte b) {
        return b >= '0' && b <= '9';
    }

    static int indexOf(byte[] bytes, int from, int end, byte[] needle) {
        int last = end - needle.length;
        byte head = needle[0];
        outer:
        for (int i = from; i <= last; i++) {
            if (bytes[i] != head) {
                continue;
            }
            for (int k = 1; k < needle.length; k++) {
                if (bytes[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] bytes(String ascii) {
        return ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
