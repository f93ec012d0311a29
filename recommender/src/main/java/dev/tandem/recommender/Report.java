package dev.tandem.recommender;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The nightly report as plain structure, so Markdown and HTML say exactly the same thing. Text is
 * raw: each renderer escapes it for its own syntax.
 *
 * @param title the heading
 * @param sections the sections, in order
 */
public record Report(String title, List<Section> sections) {

    /**
     * A titled part of the report; {@code level} 2 or 3. A level-3 section belongs to the level-2
     * section before it.
     *
     * @param id a stable anchor ({@code summary}, {@code needs-review}, ...): checks and links find
     *     the section by it
     */
    public record Section(String id, int level, String title, List<Block> blocks) {
        private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]{0,80}");

        public Section {
            if (!ID.matcher(id).matches()) {
                throw new IllegalArgumentException("not a section id: " + id);
            }
        }
    }

    /** A piece of content. */
    public sealed interface Block permits Paragraph, Table, Graph {}

    /** Running text. */
    public record Paragraph(String text) implements Block {}

    /** A table: every row has as many cells as there are headers. */
    public record Table(List<String> headers, List<List<String>> rows) implements Block {
        public Table {
            for (List<String> row : rows) {
                if (row.size() != headers.size()) {
                    throw new IllegalArgumentException("row " + row + " does not match " + headers);
                }
            }
        }
    }

    /**
     * A picture for the HTML report, with what it shows in words for text-only renderers.
     *
     * @param svg an {@code <svg>} element whose text is already escaped ({@link ServiceGraphSvg})
     * @param alternative what the picture shows, as raw text
     */
    public record Graph(String svg, String alternative) implements Block {}
}
