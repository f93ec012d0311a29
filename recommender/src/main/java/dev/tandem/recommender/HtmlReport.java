package dev.tandem.recommender;

import dev.tandem.recommender.Report.Block;
import dev.tandem.recommender.Report.Graph;
import dev.tandem.recommender.Report.Paragraph;
import dev.tandem.recommender.Report.Section;
import dev.tandem.recommender.Report.Table;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * {@code report.html}: one self-contained page (inline style, no scripts, no external resources),
 * every cluster-supplied string escaped.
 */
public final class HtmlReport {
    private static final String STYLE =
            "body{font-family:system-ui,sans-serif;margin:2em;max-width:80em;color:#222}"
                    + "table{border-collapse:collapse;margin:.5em 0}"
                    + "th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top;font-size:90%}"
                    + "th{background:#f3f3f3}h2{border-bottom:1px solid #ddd;padding-bottom:.2em}"
                    + "figure.graph{margin:.5em 0;overflow-x:auto}figcaption{font-size:90%;color:#555}";

    private HtmlReport() {}

    public static String render(Report report) {
        StringBuilder out = new StringBuilder();
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        out.append(
                "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
        out.append("<title>").append(escape(report.title())).append("</title>\n");
        out.append("<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
        out.append("<h1>").append(escape(report.title())).append("</h1>\n");
        // Sections nest by level, so a level-3 section sits inside the level-2 one before it.
        Deque<Integer> open = new ArrayDeque<>();
        for (Section section : report.sections()) {
            while (!open.isEmpty() && open.peek() >= section.level()) {
                open.pop();
                out.append("</section>\n");
            }
            open.push(section.level());
            String tag = "h" + section.level();
            out.append("<section id=\"")
                    .append(escape(section.id()))
                    .append("\">\n<")
                    .append(tag)
                    .append('>')
                    .append(escape(section.title()))
                    .append("</")
                    .append(tag)
                    .append(">\n");
            for (Block block : section.blocks()) {
                if (block instanceof Paragraph p) {
                    out.append("<p>").append(escape(p.text())).append("</p>\n");
                } else if (block instanceof Table t) {
                    out.append("<table>\n<tr>");
                    cells(out, "th", t.headers());
                    out.append("</tr>\n");
                    for (List<String> row : t.rows()) {
                        out.append("<tr>");
                        cells(out, "td", row);
                        out.append("</tr>\n");
                    }
                    out.append("</table>\n");
                } else if (block instanceof Graph g) {
                    // The picture's text was escaped where it was drawn (ServiceGraphSvg).
                    out.append("<figure class=\"graph\">\n")
                            .append(g.svg())
                            .append("\n<figcaption>")
                            .append(escape(g.alternative()))
                            .append("</figcaption>\n</figure>\n");
                }
            }
        }
        while (!open.isEmpty()) {
            open.pop();
            out.append("</section>\n");
        }
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    private static void cells(StringBuilder out, String tag, List<String> cells) {
        for (String cell : cells) {
            out.append('<')
                    .append(tag)
                    .append('>')
                    .append(escape(cell))
                    .append("</")
                    .append(tag)
                    .append('>');
        }
    }

    /**
     * HTML text and attribute escaping; bidirectional controls are shown ({@link BidiControls}).
     */
    static String escape(String raw) {
        String text = BidiControls.shown(raw);
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
