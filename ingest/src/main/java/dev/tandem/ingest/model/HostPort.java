package dev.tandem.ingest.model;

import java.util.Objects;

/**
 * An address as Envoy logs it: {@code 10.0.0.1:8080} or {@code [2a02:cf40::4e36]:5000}.
 *
 * @param host the IP (IPv6 without brackets) or name
 * @param port the port, or -1 when the address had none
 */
public record HostPort(String host, int port) {
    public HostPort {
        Objects.requireNonNull(host, "host");
    }

    /**
     * Reads {@code host:port}, {@code [v6]:port}, a bare IPv4 or a bare IPv6 address. Returns null
     * for null, empty or {@code -}; throws {@link IllegalArgumentException} for anything else that
     * is not an address.
     */
    public static HostPort parse(String text) {
        if (text == null || text.isEmpty() || text.equals("-")) {
            return null;
        }
        if (text.charAt(0) == '[') {
            int close = text.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed '[' in address: " + text);
            }
            String host = text.substring(1, close);
            if (close == text.length() - 1) {
                return new HostPort(host, -1);
            }
            if (text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("expected ':' after ']' in address: " + text);
            }
            return new HostPort(host, parsePort(text.substring(close + 2), text));
        }
        int colon = text.lastIndexOf(':');
        if (colon < 0) {
            return new HostPort(text, -1);
        }
        if (text.indexOf(':') != colon) {
            // More than one colon and no brackets: a bare IPv6 address.
            return new HostPort(text, -1);
        }
        return new HostPort(text.substring(0, colon), parsePort(text.substring(colon + 1), text));
    }

    private static int parsePort(String digits, String whole) {
        if (digits.isEmpty() || digits.length() > 5) {
            throw new IllegalArgumentException("bad port in address: " + whole);
        }
        int port = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException("bad port in address: " + whole);
            }
            port = port * 10 + (c - '0');
        }
        if (port > 65535) {
            throw new IllegalArgumentException("port out of range in address: " + whole);
        }
        return port;
    }

    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return port < 0 ? h : h + ":" + port;
    }
}
