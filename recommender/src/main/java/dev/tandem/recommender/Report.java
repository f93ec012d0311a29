package dev.tandem.recommender;

import java.util.List;

/**
 * The nightly report as plain structure, so Markdown and HTML say exactly the same thing. Text is
 * raw: each renderer escapes it for its own syntax.
 *
 * @param title the heading
 * @param sections the sections, in order
 */
public record Report(String title, List<Section> sections) {

    /** A titled part of the report; {@code level} 2 or 3. */
    public record Section(int level, String title, List<Block> blocks) {}

    /** A piece of content. */
    public sealed interface Block permits Paragraph, Table {}

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
}
