package dev.tandem.jobs.notify;

/** Plain-text hygiene shared by every format: one line, bounded, no control characters. */
final class ChatText {
    private ChatText() {}

    /**
     * {@code text} on one line: line breaks, tabs and other control characters become spaces, so a
     * name from the cluster cannot start a line of its own (and fake a heading or a mention there).
     */
    static String oneLine(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean control =
                    Character.isISOControl(c)
                            || c == '\u2028'
                            || c == '\u2029'
                            || Character.getType(c) == Character.FORMAT;
            out.append(control ? ' ' : c);
        }
        return out.toString();
    }

    /** {@code text} cut to {@code max} characters, the last one an ellipsis when cut. */
    static String clip(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int end = max - 1;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end) + "\u2026";
    }
}
