package dev.tandem.recommender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.recommender.Report.Paragraph;
import dev.tandem.recommender.Report.Section;
import dev.tandem.recommender.Report.Table;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReportEscapingTest {
    private static final String HOSTILE =
            "<script>x</script> | *bold* [l](http://e) `c` & \n# heading";

    private static Report report() {
        return new Report(
                "T",
                List.of(
                        new Section(
                                "summary",
                                2,
                                HOSTILE,
                                List.of(
                                        new Paragraph(HOSTILE),
                                        new Table(List.of("h"), List.of(List.of(HOSTILE)))))));
    }

    @Test
    void markdownShowsHostileTextAsText() {
        String md = MarkdownReport.render(report());

        assertThat(md).doesNotContain("<script>").doesNotContain("[l](").doesNotContain("*bold*");
        assertThat(md)
                .contains(
                        "&lt;script>x&lt;/script> \\| \\*bold\\* \\[l\\](http://e) \\`c\\` &amp;  # heading");
        assertThat(md.lines().filter(l -> l.startsWith("# "))).containsExactly("# T");
    }

    @Test
    void htmlShowsHostileTextAsTextAndLoadsNothing() {
        String html = HtmlReport.render(report());

        assertThat(html).doesNotContain("<script>").contains("&lt;script&gt;x&lt;/script&gt;");
        assertThat(html)
                .doesNotContain("src=")
                .doesNotContain("href=")
                .contains("default-src 'none'");
    }

    /** "Trojan Source": a right-to-left override would show the rest of the name reversed. */
    @Test
    void bidirectionalControlsAreShownNotObeyed() {
        String name = "bookinfo/\u202Eevil\u2066-v1";

        assertThat(HtmlReport.escape(name))
                .isEqualTo("bookinfo/&lt;U+202E&gt;evil&lt;U+2066&gt;-v1");
        assertThat(MarkdownReport.escape(name)).isEqualTo("bookinfo/&lt;U+202E>evil&lt;U+2066>-v1");
        assertThat(ServiceGraphSvg.escape(name))
                .isEqualTo("bookinfo/&lt;U+202E&gt;evil&lt;U+2066&gt;-v1");
        assertThat(HtmlReport.render(report(name)) + MarkdownReport.render(report(name)))
                .doesNotContain("\u202E")
                .doesNotContain("\u2066");
    }

    private static Report report(String text) {
        return new Report(
                "T",
                List.of(
                        new Section(
                                "summary",
                                2,
                                text,
                                List.of(new Table(List.of("h"), List.of(List.of(text)))))));
    }

    @Test
    void tableRowsMustMatchTheHeaders() {
        assertThatThrownBy(() -> new Table(List.of("a", "b"), List.of(List.of("only one"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
