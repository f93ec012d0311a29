package dev.tandem.ingest.envoy;

import dev.tandem.ingest.decode.DeadLetterReason;

/**
 * The Istio TEXT layouts Tandem reads, told apart by the shape of a line: how many fields it has
 * and which are quoted. Istio changed its default format several times; each change moved the
 * quoted fields, so the shape names the layout without guessing from values.
 *
 * <p>Field positions count the bracketed start time as 0 and the quoted request line as 1. The
 * constants name the Istio 1.9+ positions; the 1.8 layout lacks response code details and
 * connection termination details, so every field from the transport failure reason on sits two
 * places earlier.
 */
enum TextLayout {
    /** Istio 1.9 and later: 22 fields, 23 with a trailing peer SPIFFE id. */
    ISTIO_1_9("Istio 1.9+", 0, quoted(1, 6, 11, 12, 13, 14, 15)),
    /** Istio 1.8 (and the releases just before it): 20 fields, 21 with a peer SPIFFE id. */
    ISTIO_1_8("Istio 1.8", 2, quoted(1, 4, 9, 10, 11, 12, 13));

    static final int START_TIME = 0;
    static final int REQUEST = 1;
    static final int RESPONSE_CODE = 2;
    static final int RESPONSE_FLAGS = 3;
    static final int RESPONSE_CODE_DETAILS = 4;
    static final int CONNECTION_TERMINATION_DETAILS = 5;
    static final int UPSTREAM_TRANSPORT_FAILURE_REASON = 6;
    static final int BYTES_RECEIVED = 7;
    static final int BYTES_SENT = 8;
    static final int DURATION = 9;
    static final int UPSTREAM_SERVICE_TIME = 10;
    static final int X_FORWARDED_FOR = 11;
    static final int USER_AGENT = 12;
    static final int REQUEST_ID = 13;
    static final int AUTHORITY = 14;
    static final int UPSTREAM_HOST = 15;
    static final int UPSTREAM_CLUSTER = 16;
    static final int UPSTREAM_LOCAL_ADDRESS = 17;
    static final int DOWNSTREAM_LOCAL_ADDRESS = 18;
    static final int DOWNSTREAM_REMOTE_ADDRESS = 19;
    static final int REQUESTED_SERVER_NAME = 20;
    static final int ROUTE_NAME = 21;
    static final int PEER_SPIFFE_ID = 22;

    /**
     * Mixer-era Istio (1.3-1.7): a quoted Mixer status before the quoted transport failure reason.
     */
    private static final long MIXER_ERA = quoted(1, 4, 5, 10, 11, 12, 13, 14);

    /** Istio 1.0 era (Envoy's own default plus Istio's address columns): no failure reason. */
    private static final long ENVOY_DEFAULT_ERA = quoted(1, 8, 9, 10, 11, 12);

    private static final String READ = "; Tandem reads the Istio 1.8 and 1.9+ layouts";

    /** How many places earlier than in the 1.9 layout fields from the failure reason on sit. */
    final int shift;

    private final String label;
    private final long quotedMask;

    TextLayout(String label, int shift, long quotedMask) {
        this.label = label;
        this.shift = shift;
        this.quotedMask = quotedMask;
    }

    /** True when the layout has response code details and connection termination details. */
    boolean hasCodeDetails() {
        return shift == 0;
    }

    /** The position of a field given by its 1.9 position (the constants above). */
    int at(int position19) {
        return position19 >= UPSTREAM_TRANSPORT_FAILURE_REASON ? position19 - shift : position19;
    }

    /** Fields in a line without the optional peer SPIFFE id. */
    int baseCount() {
        return PEER_SPIFFE_ID - shift;
    }

    /**
     * The layout of a scanned line, or a rejection saying which older layout it is or why it is
     * none.
     */
    static TextLayout recognise(TextTokens tokens) {
        int count = tokens.count();
        long mask = tokens.quotedMask();
        if (count < 2 || (mask & 0b11) != 0b10) {
            throw new Rejection(
                    DeadLetterReason.MALFORMED_TEXT,
                    "expected [START_TIME] then the quoted request line \"METHOD PATH PROTOCOL\"");
        }
        if (count == ISTIO_1_8.baseCount() - 1 && mask == ISTIO_1_8.quotedMask) {
            throw unsupported("without ROUTE_NAME (Istio 1.1-1.2 era)");
        }
        for (TextLayout layout : values()) {
            // The quoted fields up to the upstream host and the unquoted cluster after it.
            int shape = layout.at(UPSTREAM_CLUSTER) + 1;
            if (count >= shape && (mask & lowBits(shape)) == layout.quotedMask) {
                return layout.checkCount(tokens);
            }
        }
        if (count >= 16 && (mask & lowBits(16)) == MIXER_ERA) {
            throw unsupported("with the quoted Mixer status field (Mixer-era Istio, 1.3-1.7)");
        }
        if (count >= 13 && (mask & lowBits(13)) == ENVOY_DEFAULT_ERA) {
            throw unsupported("without UPSTREAM_TRANSPORT_FAILURE_REASON (Istio 1.0 era)");
        }
        throw new Rejection(
                DeadLetterReason.MALFORMED_TEXT,
                "the "
                        + count
                        + " fields do not line up with an Istio TEXT layout (quoted fields at "
                        + quotedPositions(mask, count)
                        + ")");
    }

    private TextLayout checkCount(TextTokens tokens) {
        int count = tokens.count();
        int base = baseCount();
        if ((count != base && count != base + 1) || tokens.quotedMask() != quotedMask) {
            throw new Rejection(
                    DeadLetterReason.MALFORMED_TEXT,
                    "an "
                            + label
                            + " line has "
                            + base
                            + " fields ("
                            + (base + 1)
                            + " with a peer SPIFFE id, none quoted after the upstream host); this"
                            + " one has "
                            + count
                            + (tokens.quotedMask() != quotedMask
                                    ? " with other fields quoted"
                                    : ""));
        }
        return this;
    }

    private static Rejection unsupported(String which) {
        return new Rejection(
                DeadLetterReason.UNSUPPORTED_FORMAT, "pre-1.9 Istio TEXT layout " + which + READ);
    }

    private static long quoted(int... positions) {
        long mask = 0;
        for (int position : positions) {
            mask |= 1L << position;
        }
        return mask;
    }

    private static long lowBits(int count) {
        return count >= Long.SIZE ? -1L : (1L << count) - 1;
    }

    private static String quotedPositions(long mask, int count) {
        StringBuilder positions = new StringBuilder();
        for (int i = 0; i < Math.min(count, Long.SIZE); i++) {
            if ((mask & (1L << i)) != 0) {
                positions.append(positions.length() == 0 ? "" : ",").append(i + 1);
            }
        }
        return positions.length() == 0 ? "none" : positions.toString();
    }
}
