package dev.tandem.recommender;

import java.util.Locale;

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

    /**
     * {@code text} with each control written as {@code <U+202E>}, for a report to escape as it
     * escapes everything else; {@code text} itself when it has none.
     */
    static String shown(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (isControl(c)) {
                if (out == null) {
                    out = new StringBuilder(text.length() + 16).append(text, 0, i);
                }
                out.append(String.format(Locale.ROOT, "<U+%04X>", (int) c));
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? text : out.toString();
    }
}
