package dev.tandem.ingest.envoy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Turns short, highly repeated field values (methods, protocols, the usual response code details,
 * flags and route names) into shared String constants instead of a new String per line: a busy
 * sidecar logs {@code GET}, {@code HTTP/1.1} and {@code via_upstream} millions of times, and the
 * allocation budget per record is small. Anything not in the table is decoded normally.
 */
final class Words {
    /** Most frequent first: the lookup stops at the first match. */
    private static final String[] COMMON = {
        "GET",
        "HTTP/1.1",
        "via_upstream",
        "default",
        "POST",
        "HTTP/2",
        "PUT",
        "DELETE",
        "PATCH",
        "HEAD",
        "OPTIONS",
        "CONNECT",
        "HTTP/1.0",
        "HTTP/3",
        "UH",
        "UF",
        "NR",
        "DC",
        "UC",
        "URX",
        "UF,URX",
        "DPE",
        "allow_any",
        "block_all",
        "route_not_found",
        "no_healthy_upstream",
        "downstream_remote_disconnect",
        "upstream_reset_after_response_started{remote_reset}",
        "filter_chain_not_found",
        "cluster_not_found",
        "http1.codec_error"
    };

    private static final byte[][] COMMON_BYTES = new byte[COMMON.length][];

    static {
        for (int i = 0; i < COMMON.length; i++) {
            COMMON_BYTES[i] = COMMON[i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private Words() {}

    /**
     * {@code bytes[from, to)} as text: null when empty or {@code -}, a shared constant if common.
     */
    static String canonical(byte[] bytes, int from, int to) {
        int length = to - from;
        if (length == 0 || (length == 1 && bytes[from] == '-')) {
            return null;
        }
        for (int w = 0; w < COMMON_BYTES.length; w++) {
            byte[] word = COMMON_BYTES[w];
            if (word.length == length && Arrays.equals(word, 0, length, bytes, from, to)) {
                return COMMON[w];
            }
        }
        return new String(bytes, from, length, StandardCharsets.UTF_8);
    }

    /** The same for characters, as Jackson hands them out; null only for an empty range. */
    static String canonical(char[] chars, int from, int length) {
        for (String word : COMMON) {
            if (word.length() == length
                    && word.charAt(0) == chars[from]
                    && equal(word, chars, from)) {
                return word;
            }
        }
        return new String(chars, from, length);
    }

    /** {@code bytes[from, to)} as text, or null when empty or {@code -}. */
    static String text(byte[] bytes, int from, int to) {
        int length = to - from;
        if (length == 0 || (length == 1 && bytes[from] == '-')) {
            return null;
        }
        return new String(bytes, from, length, StandardCharsets.UTF_8);
    }

    static boolean startsWith(byte[] bytes, int from, int to, byte[] prefix) {
        return to - from >= prefix.length
                && Arrays.equals(prefix, 0, prefix.length, bytes, from, from + prefix.length);
    }

    private static boolean equal(String word, char[] chars, int from) {
        for (int i = 1; i < word.length(); i++) {
            if (word.charAt(i) != chars[from + i]) {
                return false;
            }
        }
        return true;
    }
}
