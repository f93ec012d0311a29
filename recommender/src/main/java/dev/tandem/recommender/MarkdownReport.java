package dev.tandem.recommender;

import dev.tandem.recommender.Report.Block;
import dev.tandem.recommender.Report.Graph;
import dev.tandem.recommender.Report.Paragraph;
import dev.tandem.recommender.Report.Section;
import dev.tandem.recommender.Report.Table;

/** {@code report.md}: GitHub-flavoured Markdown, every cluster-supplied string escaped. */
public final class MarkdownReport {
    private MarkdownReport() {}

    public static String render(Report report) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(escape(report.title())).append("\n");
        for (Section section : report.sections()) {
            out.append("\n")
                    .append("#".repeat(section.level()))
                    .append(' ')
                    .append(escape(section.title()))
                    .append("\n");
            for (Block block : section.blocks()) {
                out.append("\n");
                if (block instanceof Paragraph p) {
                    out.append(escape(p.text())).append("\n");
                } else if (block instanceof Table t) {
                    row(out, t.headers());
                    out.append("|").append("---|".repeat(t.headers().size())).append("\n");
                    t.rows().forEach(r -> row(out, r));
                } else if (block instanceof Graph g) {
                    out.append(escape(g.alternative())).append(" The picture is in report.html.\n");
                }
            }
        }
        return out.toString();
    }

    private static void row(StringBuilder out, java.util.List<String> cells) {
        out.append("|");
        for (String cell : cells) {
            out.append(' ').append(escape(cell)).append(" |");
        }
        out.append("\n");
    }

    /**
     * Escapes Markdown and inline HTML so a label value or path shows as text and cannot add links,
     * markup, table cells or lines, nor reorder what follows ({@link BidiControls}).
     */
    static String escape(String raw) {
        String text = BidiControls.shown(raw);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\', '`', '*', '_', '[', ']', '|', '~' -> out.append('\\').append(c);
                case '<' -> out.append("&lt;");
                case '&' -> out.append("&amp;");
                case '\n', '\r' -> out.append(' ');
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
