package dev.tandem.ingest.detect;

import static dev.tandem.ingest.text.AsciiBytes.indexOf;

import dev.tandem.ingest.text.AsciiBytes;
import java.util.Objects;

/**
 * Tells which format a line is in from a few cheap byte probes, without parsing it: the first
 * character, a timestamp shape, and the presence of keys that only one format has. It decides which
 * decoder reads the line; the decoder then checks everything, so a wrong guess costs a dead letter
 * with the decoder's reason, never a wrong record.
 */
public final class LineFormatSniffer {
    private static final byte[] FELIX = AsciiBytes.of("calico-felix[");
    private static final byte[] ZTUNNEL_SOURCE = AsciiBytes.of("src.addr=");
    private static final byte[] ZTUNNEL_ACCESS = AsciiBytes.of(" access ");
    private static final byte[] STDOUT = AsciiBytes.of(" stdout ");
    private static final byte[] STDERR = AsciiBytes.of(" stderr ");

    private LineFormatSniffer() {}

    /** The format of {@code bytes[offset, offset+length)}. */
    public static LineFormat sniff(byte[] bytes, int offset, int length) {
        return sniff(bytes, offset, length, false);
    }

    /**
     * Like {@link #sniff}, but for a caller that only needs the layer (kernel flow or proxy line):
     * a JSON object is decided by its first key that only one layer's formats have, without reading
     * the rest. The layer of the answer is the same as {@link #sniff}'s; the exact format may not
     * be (a Fluent Bit record may come back as Envoy JSON, both proxy lines). For a shipper that
     * routes kilobyte-long flow records, this saves most of the scan.
     */
    public static LineFormat sniffLayer(byte[] bytes, int offset, int length) {
        return sniff(bytes, offset, length, true);
    }

    private static LineFormat sniff(byte[] bytes, int offset, int length, boolean layerOnly) {
        // The JSON scan reads eight bytes at a time: a range outside the array must fail here,
        // the same way for every line, not wherever a scan happens to reach.
        Objects.checkFromIndexSize(offset, length, bytes.length);
        int end = offset + length;
        int i = skipWhitespace(bytes, offset, end);
        if (i >= end) {
            return LineFormat.UNKNOWN;
        }
        byte first = bytes[i];
        if (first == '{') {
            return JsonKeySniffer.sniff(bytes, i, end, layerOnly);
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

    /** The first index from {@code from} that is neither whitespace nor a byte order mark. */
    static int skipWhitespace(byte[] bytes, int from, int end) {
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
}
