package dev.tandem.recommender;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.recommender.RecommendProgress.Stage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's sections, the chat summary and the progress calls of a run over Bookinfo. */
class ReportSectionsIT {
    @TempDir Path work;

    private static List<EdgeWindow> bookinfoWithFindings() {
        List<EdgeWindow> all = new ArrayList<>(Bookinfo.normalTraffic());
        all.addAll(Bookinfo.findings());
        return all;
    }

    @Test
    void everySectionHasItsStableIdSummaryFirst() throws Exception {
        RecommenderRun run = RecommenderRun.of(work, bookinfoWithFindings());
        String html = run.file("report.html");

        List<String> ids = new ArrayList<>();
        Matcher m = Pattern.compile("<section id=\"([^\"]+)\">").matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        assertThat(ids)
                .containsSubsequence(
                        "summary",
                        "graph",
                        "needs-review",
                        "new-edges",
                        "removed-edges",
                        "peer-authentication",
                        "policy-diff",
                        "namespaces",
                        "namespace-default");
        assertThat(ids.get(0)).isEqualTo("summary");
        assertThat(count(html, "<section ")).isEqualTo(count(html, "</section>"));
        // The namespace detail nests inside the per-namespace section.
        assertThat(html.indexOf("<section id=\"namespace-default\">"))
                .isGreaterThan(html.indexOf("<section id=\"namespaces\">"));
        assertThat(html.substring(html.indexOf("<section id=\"namespaces\">")))
                .containsSubsequence(
                        "<section id=\"namespace-default\">", "</section>\n</section>");
    }

    @Test
    void theGraphIsInlineAndTheMarkdownSaysWhatItShows() throws Exception {
        RecommenderRun run = RecommenderRun.of(work, bookinfoWithFindings());
        String html = run.file("report.html");

        String graph = html.substring(html.indexOf("<section id=\"graph\">"));
        assertThat(graph).startsWith("<section id=\"graph\">\n<h2>Service graph</h2>\n<figure");
        assertThat(graph).contains("<svg xmlns=\"http://www.w3.org/2000/svg\"");
        assertThat(html).doesNotContain("<script").doesNotContain("href=").doesNotContain("src=");
        assertThat(run.file("report.md"))
                .contains(
                        "Service graph of 10 observed edges, 1 of them sidecar bypasses (red, dashed). All 8 endpoints are drawn, workloads framed by their 3 namespaces. The picture is in report.html.");
    }

    @Test
    void chatSummaryOfBookinfo() throws Exception {
        RecommenderRun run = RecommenderRun.of(work, bookinfoWithFindings());

        ChatSummary summary = run.result().chatSummary();

        assertThat(summary.title())
                .isEqualTo(
                        "Tandem policy recommendation: "
                                + run.result().l4Rules()
                                + " L3/L4 rules, 6 Istio policies, 1 bypass edge needs review");
        assertThat(summary.lines())
                .containsExactly(
                        "Read 50 edge windows (lookback all): 10 edges, policy for 1 namespace.",
                        "Rules: no previous run to compare with.",
                        "Needs review: 1 sidecar-bypass edge (default/reviews-v1 -> default/ratings-v1:9080/tcp).",
                        "PeerAuthentication: 6 of 6 meshed destinations ready for STRICT mTLS.",
                        "Report: " + run.out().resolve("report.html"));
        assertThat(summary.text()).startsWith(summary.title() + "\n").endsWith("report.html\n");
    }

    @Test
    void progressHearsEveryStageInOrderAndTheWholeRead() throws Exception {
        List<String> heard = new ArrayList<>();
        RecommendProgress listener =
                new RecommendProgress() {
                    @Override
                    public void stage(Stage stage) {
                        heard.add(stage.name());
                    }

                    @Override
                    public void reading(
                            long filesOpened, int filesTotal, int partitions, long windowsRead) {
                        heard.add(
                                "read "
                                        + filesOpened
                                        + "/"
                                        + filesTotal
                                        + " in "
                                        + partitions
                                        + ": "
                                        + windowsRead);
                    }
                };
        Path archive = work.resolve("archive");
        new dev.tandem.ingest.archive.EdgeArchiveWriter(archive, "test")
                .write(bookinfoWithFindings());

        new Recommender()
                .run(
                        new RecommendRequest(
                                archive,
                                null,
                                dev.tandem.ingest.archive.TimeRange.all(),
                                "all",
                                null,
                                "cluster.local",
                                true,
                                work.resolve("out"),
                                PolicyPlanner.DEFAULT_PATH_BUDGET),
                        listener);

        assertThat(heard.get(0)).isEqualTo("READING");
        assertThat(heard).containsSubsequence("read 1/1 in 1: 1", "read 1/1 in 1: 50");
        assertThat(heard.subList(heard.size() - 3, heard.size()))
                .containsExactly("PLANNING", "SIMULATING", "WRITING");
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
