package dev.tandem.ingest.envoy;

import dev.tandem.ingest.model.HostPort;

/**
 * Reads the common address form, {@code host:port} with one colon, straight from a parser's
 * characters or a line's bytes, sharing the host through {@link RepeatedValues}: pod IPs recur on
 * every line even where the ephemeral port does not, and {@link HostPort#parse} would make two
 * strings for each. Anything else (brackets, bare IPv6, no port, a bad port, absent values) is left
 * to {@code HostPort.parse}, so the result and every error stay exactly its own.
 */
final class Addresses {
    private Addresses() {}

    /** The address in {@code chars[from, to)}, or null when it is not the simple form. */
    static HostPort simple(char[] chars, int from, int to) {
        int colon = -1;
        for (int i = from; i < to; i++) {
            if (chars[i] == ':') {
                if (colon >= 0) {
                    return null;
                }
                colon = i;
            }
        }
        if (colon <= from || chars[from] == '[') {
            return null;
        }
        int port = port(chars, colon + 1, to);
        if (port < 0) {
            return null;
        }
        return new HostPort(RepeatedValues.get().host(chars, from, colon), port);
    }

    /** The same for UTF-8 bytes. */
    static HostPort simple(byte[] bytes, int from, int to) {
        int colon = -1;
        for (int i = from; i < to; i++) {
            if (bytes[i] == ':') {
                if (colon >= 0) {
                    return null;
                }
                colon = i;
            }
        }
        if (colon <= from || bytes[from] == '[') {
            return null;
        }
        int port = port(bytes, colon + 1, to);
        if (port < 0) {
            return null;
        }
        return new HostPort(RepeatedValues.get().host(bytes, from, colon), port);
    }

    // -1 unless 1 to 5 digits of at most 65535, as HostPort.parse accepts.
    private static int port(char[] chars, int from, int to) {
        if (to - from < 1 || to - from > 5) {
            return -1;
        }
        int port = 0;
        for (int i = from; i < to; i++) {
            int digit = chars[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            port = port * 10 + digit;
        }
        return port > 65_535 ? -1 : port;
    }

    private static int port(byte[] bytes, int from, int to) {
        if (to - from < 1 || to - from > 5) {
            return -1;
        }
        int port = 0;
        for (int i = from; i < to; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            port = port * 10 + digit;
        }
        return port > 65_535 ? -1 : port;
    }
}
