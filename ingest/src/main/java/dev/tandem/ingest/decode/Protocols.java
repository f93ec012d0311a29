package dev.tandem.ingest.decode;

import java.util.Locale;

/**
 * Spells L4 protocols one way for every source: Calico Enterprise writes {@code tcp} (or the number
 * when it has no name), Goldmane writes {@code TCP}; Tandem keys edges on {@code tcp}.
 */
public final class Protocols {
    private Protocols() {}

    /**
     * The name for an IP protocol number, with the same table Felix uses when it writes flow logs,
     * or the number as decimal text.
     */
    public static String fromNumber(int number) {
        switch (number) {
            case 1:
                return "icmp";
            case 4:
                return "ipip";
            case 6:
                return "tcp";
            case 17:
                return "udp";
            case 50:
                return "esp";
            case 58:
                return "icmp6";
            case 132:
                return "sctp";
            default:
                return Integer.toString(number);
        }
    }

    /**
     * The lower-case name, returning a shared constant for the common protocols so that the hot
     * path does not keep a fresh copy of {@code tcp} per record.
     */
    public static String canonicalName(String name) {
        if (name.equalsIgnoreCase("tcp")) {
            return "tcp";
        }
        if (name.equalsIgnoreCase("udp")) {
            return "udp";
        }
        if (name.equalsIgnoreCase("icmp")) {
            return "icmp";
        }
        if (name.equalsIgnoreCase("sctp")) {
            return "sctp";
        }
        if (name.equalsIgnoreCase("icmp6")) {
            return "icmp6";
        }
        return name.toLowerCase(Locale.ROOT);
    }
}
