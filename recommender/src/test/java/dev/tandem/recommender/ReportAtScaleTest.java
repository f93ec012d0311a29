package dev.tandem.recommender;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.model.EdgeWindow;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The report of a 5,000-workload cluster (15,000 edges over 100 namespaces; planned, simulated and
 * rendered as {@code tandem recommend} does, without the archive round trip that other tests
 * cover): bounded in size, every table cut with a line saying how much more there is, the summary
 * still counting everything, the alarming rows first, and the same bytes from the same edges.
 */
class ReportAtScaleTest {
    private static final int WORKLOADS = 5_000;
    private static final int NAMESPACES = 100;
    private static final RunInfo RUN =
            new RunInfo("archive", "all", 15_000, 1, "cluster.local", true);

    private static List<EdgeWindow> windows;
    private static PolicyPlan plan;
    private static String html;
    private static String markdown;

    @BeforeAll
    static void reportOnABigCluster() {
        windows = SyntheticCluster.windows(WORKLOADS, NAMESPACES, 6L);
        plan = plan(windows);
        Report report = report(plan);
        html = HtmlReport.render(report);
        markdown = MarkdownReport.render(report);
    }

    private static PolicyPlan plan(List<EdgeWindow> windows) {
        EdgeAggregator aggregator = new EdgeAggregator();
        windows.forEach(aggregator);
        return new PolicyPlanner(new Principals("cluster.local"), PolicyPlanner.DEFAULT_PATH_BUDGET)
                .plan(aggregator.edges());
    }

    private static Report report(PolicyPlan plan) {
        Simulation sim = new Simulator(new Principals("cluster.local")).simulate(plan);
        return ReportBuilder.build(RUN, plan, sim, null, null);
    }

    @Test
    void theReportsStayWithinTheirBounds() {
        assertThat(html.getBytes(StandardCharsets.UTF_8).length).isLessThan(2_000_000);
        assertThat(markdown.getBytes(StandardCharsets.UTF_8).length).isLessThan(1_000_000);
    }

    @Test
    void theSummaryCountsEverything() {
        assertThat(plan.edges()).hasSizeGreaterThan(14_000);
        assertThat(markdown)
                .contains("| Observed edges | " + plan.edges().size() + " |")
                .contains("| Needs review | " + plan.needsReview().size() + " |")
                .contains("| Denied (stays denied) | " + plan.denied().size() + " |")
                .contains("| Namespaces with policy | " + NAMESPACES + ": team-0, team-1,");
    }

    @Test
    void theSameEdgesInAnotherOrderGiveTheSameBytes() {
        List<EdgeWindow> reversed = new ArrayList<>(windows);
        Collections.reverse(reversed);
        Report again = report(plan(reversed));

        assertThat(HtmlReport.render(again)).isEqualTo(html);
        assertThat(MarkdownReport.render(again)).isEqualTo(markdown);
    }

    @Test
    void everyCutTableSaysHowManyRowsAreInRecommendationsJson() {
        String review = section(html, "needs-review");
        int total = plan.needsReview().size();
        assertThat(total).isGreaterThan(ReportLimits.SECTION_ROWS);
        assertThat(count(review, "<tr>")).isEqualTo(ReportLimits.SECTION_ROWS + 1);
        assertThat(review)
                .contains(
                        "Showing 1000 of "
                                + total
                                + " rows, most important first (sidecar bypasses, denied, needs"
                                + " review, new edges, then by traffic): "
                                + (total - ReportLimits.SECTION_ROWS)
                                + " more rows in recommendations.json.");
        assertThat(markdown)
                .contains(
                        (total - ReportLimits.SECTION_ROWS)
                                + " more rows in recommendations.json.");
        assertThat(section(html, "peer-authentication"))
                .contains("more rows in recommendations.json");
    }

    @Test
    void theNamespaceTablesShareTheirRowsFairly() {
        String detail = html.substring(html.indexOf("<section id=\"namespaces\">"));
        detail = detail.substring(0, detail.indexOf("<section id=\"simulation\">"));
        int rows = count(detail, "<tr>") - count(detail, "<tr><th>");
        assertThat(rows).isLessThanOrEqualTo(ReportLimits.SECTION_ROWS).isGreaterThan(900);
        assertThat(count(detail, "<section id=\"namespace-")).isEqualTo(NAMESPACES);
        for (int ns = 0; ns < NAMESPACES; ns++) {
            String one = section(html, "namespace-team-" + ns);
            assertThat(count(one, "<tr>") - count(one, "<tr><th>"))
                    .as("team-" + ns)
                    .isBetween(1, ReportLimits.NAMESPACE_ROWS);
            assertThat(one).contains("more rows in recommendations.json");
        }
    }

    @Test
    void bypassesComeFirstInNeedsReviewAndTheGraphKeepsThem() {
        String review = section(html, "needs-review");
        Matcher firstRow = Pattern.compile("<tr><td>([A-Z_]+)</td>").matcher(review);
        assertThat(firstRow.find()).isTrue();
        assertThat(firstRow.group(1)).startsWith("BYPASS_");
        // Every bypass row before any other row.
        Matcher reasons = Pattern.compile("<tr><td>([A-Z_]+)</td>").matcher(review);
        boolean other = false;
        while (reasons.find()) {
            boolean bypass = reasons.group(1).startsWith("BYPASS_");
            assertThat(bypass && other).as("a bypass after another reason").isFalse();
            other |= !bypass;
        }

        String graph = section(html, "graph");
        assertThat(count(graph, "<g class=\"node\"")).isEqualTo(ServiceGraphSvg.MAX_NODES);
        assertThat(count(graph, "<g class=\"edge edge-bypass\">")).isPositive();
        assertThat(graph).contains("<text class=\"left-out\"").contains("endpoints are left out");
    }

    /** The section's HTML up to the next section's start. */
    private static String section(String page, String id) {
        int start = page.indexOf("<section id=\"" + id + "\">");
        assertThat(start).as("section " + id).isNotNegative();
        int end = page.indexOf("<section id=", start + 1);
        return page.substring(start, end < 0 ? page.length() : end);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
