package dev.tandem.jobs.notify;

/**
 * Makes text inert for a chat format: names from the cluster (a workload called {@code <!channel>},
 * an external name with Markdown in it) must never mention anyone, link anywhere or change
 * formatting. Teams and the generic format need no text escaping: Teams text goes only into
 * Adaptive Card {@code TextRun}s, which have no Markdown and no mentions without entities, and
 * generic is plain JSON.
 */
final class ChatEscaping {
    private static final char ZERO_WIDTH_SPACE = '\u200B';

    private ChatEscaping() {}

    /**
     * Slack's control characters: {@code &}, {@code <} and {@code >} become entities, so {@code
     * <!channel>}, {@code <@U123>} and {@code <http://x|y>} stay text. Markdown needs nothing here:
     * Tandem sends Slack {@code plain_text} blocks and a fallback with {@code mrkdwn} off.
     */
    static String slack(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&':
                    out.append("&amp;");
                    break;
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                default:
                    out.append(c);
            }
        }
        return out.toString();
    }

    /**
     * Mattermost renders Markdown and mentions in a webhook's text: every ASCII punctuation
     * character gets a backslash (CommonMark escapes exactly those), so no emphasis, link, heading,
     * table, emoji code or Slack-style {@code <!channel>} survives; and a zero-width space follows
     * each {@code @}, since Mattermost finds {@code @channel} in escaped text too.
     */
    static String mattermost(String text) {
        StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 128 && isAsciiPunctuation(c)) {
                out.append('\\');
            }
            out.append(c);
            if (c == '@') {
                out.append(ZERO_WIDTH_SPACE);
            }
        }
        return out.toString();
    }

    private static boolean isAsciiPunctuation(char c) {
        return (c >= '!' && c <= '/')
                || (c >= ':' && c <= '@')
                || (c >= '[' && c <= '`')
                || (c >= '{' && c <= '~');
    }
}
