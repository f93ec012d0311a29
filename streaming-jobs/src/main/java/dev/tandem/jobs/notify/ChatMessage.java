package dev.tandem.jobs.notify;

import java.util.List;
import java.util.Objects;

/**
 * One chat message before it is rendered for a format: a one-line title and a few lines of detail.
 * Text here is plain: each format escapes it so that names from the cluster never mention anyone or
 * change formatting.
 *
 * @param title what happened, one line
 * @param lines the evidence and what to do, one fact per line
 * @param severity the alert's severity, or null for a message that is not an alert (a summary)
 * @param alertIds the alerts this message carries, sorted; empty for other messages
 */
public record ChatMessage(
        String title, List<String> lines, Severity severity, List<String> alertIds) {
    /** The longest title kept; longer ones are cut with an ellipsis. */
    static final int MAX_TITLE_CHARS = 300;

    /** The longest line kept. */
    static final int MAX_LINE_CHARS = 600;

    /** The most lines kept; a longer message ends with a line saying how many were left out. */
    static final int MAX_LINES = 40;

    public ChatMessage {
        Objects.requireNonNull(title, "title");
        title = ChatText.clip(ChatText.oneLine(title), MAX_TITLE_CHARS);
        List<String> kept = new java.util.ArrayList<>();
        List<String> given = lines == null ? List.of() : lines;
        for (int i = 0; i < given.size() && i < MAX_LINES; i++) {
            kept.add(ChatText.clip(ChatText.oneLine(given.get(i)), MAX_LINE_CHARS));
        }
        if (given.size() > MAX_LINES) {
            kept.set(MAX_LINES - 1, "(" + (given.size() - MAX_LINES + 1) + " more lines left out)");
        }
        lines = List.copyOf(kept);
        alertIds = alertIds == null ? List.of() : List.copyOf(new java.util.TreeSet<>(alertIds));
    }

    /** A message that is not an alert, such as the recommender's nightly summary. */
    public static ChatMessage of(String title, List<String> lines) {
        return new ChatMessage(title, lines, null, List.of());
    }

    /** The title with the severity in front, as every format shows it first. */
    public String headline() {
        return severity == null ? title : severity.name() + ": " + title;
    }
}
