package dev.tandem.jobs.notify;

import java.util.Locale;

/** The chat payload a destination's webhook expects. */
public enum ChatFormat {
    /** Slack incoming webhook: Block Kit blocks with a plain-text fallback. */
    SLACK,
    /** Microsoft Teams Workflows webhook: one Adaptive Card. */
    TEAMS,
    /** Mattermost incoming webhook: Slack-compatible JSON with Markdown text. */
    MATTERMOST,
    /** Any HTTP endpoint: a flat JSON object with the message and the alert ids. */
    GENERIC;

    /** The lower-case name used on the command line and in destination files. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The format named {@code text} (any case).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static ChatFormat parse(String text) {
        for (ChatFormat format : values()) {
            if (format.cliName().equalsIgnoreCase(text == null ? "" : text.strip())) {
                return format;
            }
        }
        throw new IllegalArgumentException(
                "unknown chat format '"
                        + text
                        + "' (expected slack, teams, mattermost or generic)");
    }
}
