package dev.tandem.jobs.correlate;

/**
 * {@link String#hashCode} of a concatenation, computed from its parts without building it. A
 * string's hash code is the polynomial in 31 of its characters, so appending a part multiplies the
 * hash so far by 31 to the power of the part's length and adds the part's own (cached) hash code.
 * Keys that were strings are hashed this way where building the string for every record cost more
 * than everything else done with it.
 */
final class StringHash {
    /** 31 to the power of the index: parts are names, mostly shorter than this. */
    private static final int[] POWERS = new int[64];

    static {
        int power = 1;
        for (int i = 0; i < POWERS.length; i++) {
            POWERS[i] = power;
            power *= 31;
        }
    }

    private StringHash() {}

    /** The hash after appending {@code value}; null appends {@code "null"}, as a builder does. */
    static int append(int hash, String value) {
        String s = value == null ? "null" : value;
        return hash * pow31(s.length()) + s.hashCode();
    }

    static int append(int hash, char c) {
        return 31 * hash + c;
    }

    /**
     * The hash after appending {@code Integer.toString(value)}, digit by digit: building the string
     * for every record's port was a third of a key's cost.
     */
    static int append(int hash, int value) {
        if (value == Integer.MIN_VALUE) {
            return append(hash, Integer.toString(value));
        }
        int h = hash;
        int v = value;
        if (v < 0) {
            h = 31 * h + '-';
            v = -v;
        }
        int divisor = 1;
        while (v / divisor >= 10) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            h = 31 * h + ('0' + v / divisor % 10);
        }
        return h;
    }

    private static int pow31(int exponent) {
        if (exponent < POWERS.length) {
            return POWERS[exponent];
        }
        int result = 1;
        int base = 31;
        for (int e = exponent; e > 0; e >>= 1) {
            if ((e & 1) != 0) {
                result *= base;
            }
            base *= base;
        }
        return result;
    }
}
