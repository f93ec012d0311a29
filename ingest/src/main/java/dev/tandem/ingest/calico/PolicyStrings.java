package dev.tandem.ingest.calico;

import dev.tandem.ingest.model.PolicyHit;

/**
 * Parses Calico's policy trace entries, {@code idx|tier|name|action|rule}: {@code
 * 1|app-hipstershop|hipstershop/app-hipstershop.checkoutservice|deny|-1}. Older Calico writes four
 * parts without the rule; the rule may also be {@code -}. Both give a null rule.
 *
 * <p>Parsed by hand with {@code indexOf}: a flow log line carries several of these, and a regular
 * expression or {@code split} would cost more than the rest of the line.
 */
final class PolicyStrings {
    /** Marks a staged policy inside the name part: {@code ns2/staged:tier1.policy1}. */
    private static final String STAGED_MARKER = "staged:";

    private PolicyStrings() {}

    /**
     * The policy hit for one entry. The name is kept as Calico wrote it, {@code staged:} marker
     * included, so that it can be matched back to the raw log; {@code staged} says the same thing
     * as a flag.
     *
     * @throws IllegalArgumentException naming what is wrong with the entry
     */
    static PolicyHit parse(String entry) {
        int first = entry.indexOf('|');
        int second = first < 0 ? -1 : entry.indexOf('|', first + 1);
        int third = second < 0 ? -1 : entry.indexOf('|', second + 1);
        if (third < 0) {
            throw new IllegalArgumentException(
                    "expected 'index|tier|name|action|rule' (4 or 5 parts separated by '|')");
        }
        int fourth = entry.indexOf('|', third + 1);
        if (fourth >= 0 && entry.indexOf('|', fourth + 1) >= 0) {
            throw new IllegalArgumentException("more than 5 parts separated by '|'");
        }
        int actionEnd = fourth < 0 ? entry.length() : fourth;

        int index = parseIndex(entry, 0, first);
        String tier = part(entry, first + 1, second, "tier");
        String name = part(entry, second + 1, third, "name");
        String action = action(entry, third + 1, actionEnd);
        Integer rule = fourth < 0 ? null : rule(entry, fourth + 1, entry.length());
        return new PolicyHit(index, tier, name, action, rule, name.contains(STAGED_MARKER));
    }

    private static int parseIndex(String entry, int from, int to) {
        if (from == to || to - from > 9) {
            throw new IllegalArgumentException(
                    "policy index '" + entry.substring(from, to) + "' is not a small integer");
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = entry.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException(
                        "policy index '" + entry.substring(from, to) + "' is not an integer");
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    private static String part(String entry, int from, int to, String what) {
        if (from == to) {
            throw new IllegalArgumentException("empty " + what);
        }
        return entry.substring(from, to);
    }

    // Returns shared constants: a policy action is one of four words.
    private static String action(String entry, int from, int to) {
        int length = to - from;
        if (entry.regionMatches(true, from, "allow", 0, 5) && length == 5) {
            return "allow";
        }
        if (entry.regionMatches(true, from, "deny", 0, 4) && length == 4) {
            return "deny";
        }
        if (entry.regionMatches(true, from, "pass", 0, 4) && length == 4) {
            return "pass";
        }
        if (entry.regionMatches(true, from, "log", 0, 3) && length == 3) {
            return "log";
        }
        throw new IllegalArgumentException(
                "action '" + entry.substring(from, to) + "' is not allow, deny, pass or log");
    }

    private static Integer rule(String entry, int from, int to) {
        if (to - from == 1 && entry.charAt(from) == '-') {
            return null;
        }
        int i = from;
        boolean negative = i < to && entry.charAt(i) == '-';
        if (negative) {
            i++;
        }
        if (i == to || to - i > 9) {
            throw new IllegalArgumentException(
                    "rule '" + entry.substring(from, to) + "' is not a small integer or '-'");
        }
        int value = 0;
        for (; i < to; i++) {
            char c = entry.charAt(i);
            if (c < '0' || c > '9') {
                throw new IllegalArgumentException(
                        "rule '" + entry.substring(from, to) + "' is not an integer or '-'");
            }
            value = value * 10 + (c - '0');
        }
        return negative ? -value : value;
    }
}
