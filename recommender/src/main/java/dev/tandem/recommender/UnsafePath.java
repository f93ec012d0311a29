package dev.tandem.recommender;

import java.util.Locale;

/**
 * An observed path held back from policy (see {@link PathHazard}), kept as evidence for a person to
 * review. Only the shown form is kept: the path itself may be a megabyte of control characters, and
 * reports, chat and terminals must show it without being steered by it.
 *
 * @param shown the path with each control or bidirectional character written as a backslash, a
 *     {@code u} and its four hex digits (Java's escape), a backslash doubled, and cut after {@link
 *     #SHOWN_CHARS} characters
 * @param hazard why it was held back
 */
public record UnsafePath(String shown, PathHazard hazard) implements Comparable<UnsafePath> {
    /** Enough to recognise a path; two paths alike up to here share one entry and its count. */
    static final int SHOWN_CHARS = 120;

    /** {@code path}, which has {@code hazard}, as evidence. */
    public static UnsafePath of(String path, PathHazard hazard) {
        return new UnsafePath(show(path), hazard);
    }

    /** {@code text} as the {@code shown} of an unsafe path: escaped and cut. */
    static String show(String text) {
        StringBuilder shown = new StringBuilder();
        int end = Math.min(text.length(), SHOWN_CHARS);
        if (end < text.length() && Character.isHighSurrogate(text.charAt(end - 1))) {
            end--; // never half a character
        }
        for (int i = 0; i < end; i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                shown.append("\\\\");
            } else if (Character.isISOControl(c) || BidiControls.isControl(c)) {
                shown.append(String.format(Locale.ROOT, "\\u%04X", (int) c));
            } else {
                shown.append(c);
            }
        }
        if (text.length() > end) {
            shown.append("... (").append(text.length()).append(" characters)");
        }
        return shown.toString();
    }

    /** {@code '/*' contains '*', which ...}: one clause for a review's detail. */
    public String describe() {
        return "'" + shown + "' " + hazard.description();
    }

    @Override
    public int compareTo(UnsafePath o) {
        int c = shown.compareTo(o.shown);
        return c != 0 ? c : hazard.compareTo(o.hazard);
    }
}
