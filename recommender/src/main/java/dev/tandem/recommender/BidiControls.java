package dev.tandem.recommender;

/**
 * Unicode's bidirectional controls, shown instead of obeyed. A name from the cluster (a pod, a
 * label, a path) holding U+202E displays the text after it reversed, so {@code evil‮txt.exe} reads
 * as something else in the report ("Trojan Source", CVE-2021-42574). The reports print each one as
 * {@code <U+202E>}, which a reader sees and a browser does not act on.
 */
final class BidiControls {
    private BidiControls() {}

    static boolean isControl(int c) {
        return c == 0x061C // Arabic letter mark
                || c == 0x200E // left-to-right mark
                || c == 0x200F // right-to-left mark
                || (c >= 0x202A && c <= 0x202E) // embeddings, overrides, pop
                || (c >= 0x2066 && c <= 0x2069); // isolates
    }

    /** How a control shows in a report: {@code <U+202E>}, before the report's own escaping. */
    static String visible(int c) {
        return String.format(java.util.Locale.ROOT, "<U+%04X>", c);
    }
}
