package dev.tandem.recommender;

import static dev.tandem.recommender.Edges.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.Verdict;
import dev.tandem.recommender.testing.CrdSchemas;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Request paths are whatever a client sent. One request must not be able to widen the Istio policy
 * (a {@code /*} observed once allowing every path), nor put control or bidirectional characters
 * into a policy or a report: such paths go to review, and the rest of the edge is allowed as
 * before.
 */
class HostilePathsIT {
    @TempDir Path work;

    private static final EndpointRef REVIEWS =
            Edges.meshed("bookinfo", "reviews-v1", "bookinfo-reviews", "app", "reviews");
    private static final EndpointRef RATINGS =
            Edges.meshed("bookinfo", "ratings-v1", "bookinfo-ratings", "app", "ratings");
    private static final EndpointRef PRODUCTPAGE =
            Edges.meshed(
                    "bookinfo", "productpage-v1", "bookinfo-productpage", "app", "productpage");

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "/{x}   | contains '{' or '}', which Istio 1.22 and later would read as a path template",
                "/*     | contains '*', which an AuthorizationPolicy would read as a wildcard",
                "/*alias| contains '*', which an AuthorizationPolicy would read as a wildcard",
                "/a*b   | contains '*', which an AuthorizationPolicy would read as a wildcard",
                // What a window counts beyond the paths it records by name: not a path anyone sent.
                "(other)| stands for the paths beyond the ones the edge's windows recorded by name"
            })
    void onePathAClientSentNeverBecomesAWildcard(String hostile, String why) throws Exception {
        RecommenderRun run =
                RecommenderRun.of(
                        work,
                        List.of(
                                Edges.mediated(REVIEWS, RATINGS, 9080, T0, "GET", "/ratings/0", 5),
                                Edges.mediated(
                                        REVIEWS,
                                        RATINGS,
                                        9080,
                                        T0.plusSeconds(300),
                                        "GET",
                                        hostile,
                                        1)));

        ObjectNode policy =
                find(run.documents("policies/istio/bookinfo.yaml"), "tandem-ratings-v1");
        assertThat(policy.at("/spec/rules/0/to/0/operation/paths").toString())
                .isEqualTo("[\"/ratings/0\"]");
        assertEveryPolicyValidates(run);
        JsonNode review = run.json().at("/needsReview/0");
        assertThat(run.json().get("needsReview")).hasSize(1);
        assertThat(review.get("reason").asText()).isEqualTo("PATH_NOT_EXPRESSIBLE");
        assertThat(review.get("detail").asText())
                .startsWith("observed path '" + hostile + "' " + why)
                .contains("tandem-ratings-v1 does not list this path, so Istio denies requests");
        assertThat(review.at("/evidence/unsafePaths/0/path").asText()).isEqualTo(hostile);
        assertThat(review.at("/evidence/unsafePaths/0/requests").asLong()).isEqualTo(1);
        assertThat(review.at("/evidence/paths").toString()).isEqualTo("[\"/ratings/0\"]");
        // The edge itself is still allowed, at both layers, for what it may do.
        assertThat(run.json().at("/simulation/l4Coverage").asDouble()).isEqualTo(1.0);
        assertThat(run.json().at("/simulation/l7Coverage").asDouble()).isEqualTo(1.0);
        assertThat(run.result().chatSummary().text())
                .contains(
                        "Needs review: no sidecar bypass; 1 edge has request paths an Istio policy"
                                + " cannot name exactly, left out of the policy.");
        assertThat(run.file("report.md"))
                .contains(
                        "| PATH\\_NOT\\_EXPRESSIBLE | bookinfo/reviews-v1 -> bookinfo/ratings-v1");
    }

    @Test
    void controlBidiAndOverlongPathsAreShownEscapedAndNeverCopied() throws Exception {
        String overlong = "/" + "a".repeat(10_000);
        Map<String, Long> paths = new LinkedHashMap<>();
        paths.put("/ratings/0", 5L);
        paths.put("/a\tb", 1L);
        paths.put("/a\nb", 1L);
        paths.put("/admin\u202E/x", 1L);
        paths.put("/\u2066x", 1L);
        paths.put(overlong, 1L);

        RecommenderRun run =
                RecommenderRun.of(
                        work,
                        List.of(
                                Edges.http(
                                        REVIEWS,
                                        RATINGS,
                                        9080,
                                        T0,
                                        Map.of("GET", 10L),
                                        paths,
                                        10,
                                        0,
                                        Verdict.MEDIATED)));

        ObjectNode policy =
                find(run.documents("policies/istio/bookinfo.yaml"), "tandem-ratings-v1");
        assertThat(policy.at("/spec/rules/0/to/0/operation/paths").toString())
                .isEqualTo("[\"/ratings/0\"]");
        assertEveryPolicyValidates(run);
        JsonNode review = run.json().at("/needsReview/0");
        assertThat(review.get("reason").asText()).isEqualTo("PATH_NOT_EXPRESSIBLE");
        assertThat(review.at("/evidence/unsafePaths")).hasSize(5);
        assertThat(review.get("detail").asText())
                .contains("observed path '/a\\u0009b' contains a control character")
                .contains("observed path '/a\\u000Ab' contains a control character")
                .contains("'/\\u2066x' contains a bidirectional control character")
                .contains("2 more in recommendations.json")
                .contains("does not list these paths");
        assertThat(run.json().toString())
                .contains("/admin\\\\u202E/x")
                .contains("... (10001 characters)")
                .doesNotContain("a".repeat(UnsafePath.SHOWN_CHARS + 1));
        for (String report : List.of("report.md", "report.html", "recommendations.json")) {
            assertThat(run.file(report))
                    .as(report)
                    .doesNotContain("\u202E")
                    .doesNotContain("\u2066")
                    .doesNotContain("a\tb")
                    .doesNotContain("a\nb")
                    .doesNotContain(overlong);
        }
        for (String file : run.policyFiles()) {
            assertThat(run.file(file)).as(file).doesNotContain("/a\\tb", "\u202E", overlong);
        }
    }

    @Test
    void aCallerWhoseEveryPathWasUnsafeGetsNoRuleRatherThanEveryPath() throws Exception {
        RecommenderRun run =
                RecommenderRun.of(
                        work,
                        List.of(
                                Edges.mediated(REVIEWS, RATINGS, 9080, T0, "GET", "/ratings/0", 5),
                                Edges.mediated(PRODUCTPAGE, RATINGS, 9080, T0, "GET", "/*", 3)));

        ObjectNode policy =
                find(run.documents("policies/istio/bookinfo.yaml"), "tandem-ratings-v1");
        JsonNode rules = policy.at("/spec/rules");
        assertThat(rules).hasSize(1);
        assertThat(rules.at("/0/from/0/source/principals/0").asText())
                .isEqualTo("cluster.local/ns/bookinfo/sa/bookinfo-reviews");
        assertThat(rules.at("/0/to/0/operation/paths").toString()).isEqualTo("[\"/ratings/0\"]");
        assertEveryPolicyValidates(run);
        assertThat(run.json().at("/needsReview/0/reason").asText())
                .isEqualTo("PATH_NOT_EXPRESSIBLE");
        assertThat(run.json().at("/needsReview/0/evidence/edge").asText())
                .isEqualTo("bookinfo/productpage-v1 -> bookinfo/ratings-v1:9080/tcp");
        // Its requests are meant to be denied, as a bypass is: not an uncovered edge.
        assertThat(run.json().at("/simulation/l7Edges").asInt()).isEqualTo(1);
        assertThat(run.json().at("/simulation/l7Coverage").asDouble()).isEqualTo(1.0);
        assertThat(run.json().at("/simulation/l4Coverage").asDouble()).isEqualTo(1.0);
    }

    @Test
    void tandemsOwnPrefixPatternsSurviveAClientsStar() throws Exception {
        EndpointRef web = Edges.meshed("shop", "web", "web", "app", "web");
        EndpointRef catalog = Edges.meshed("shop", "catalog", "catalog", "app", "catalog");
        List<EdgeWindow> windows = new ArrayList<>();
        for (int batch = 0; batch < 10; batch++) {
            Map<String, Long> paths = new LinkedHashMap<>();
            for (int i = 0; i < 1000; i++) {
                int n = batch * 1000 + i;
                paths.put(n % 2 == 0 ? "/api/products/" + n : "/api/users/" + n, 1L);
            }
            if (batch == 9) {
                paths.put("/*", 1L);
                paths.put("/api/products/*", 1L);
            }
            windows.add(
                    Edges.http(
                            web,
                            catalog,
                            8080,
                            T0.plusSeconds(300L * batch),
                            Map.of("GET", 1000L),
                            paths,
                            1000,
                            0,
                            Verdict.MEDIATED));
        }

        RecommenderRun run = RecommenderRun.of(work, windows);

        ObjectNode policy = find(run.documents("policies/istio/shop.yaml"), "tandem-catalog");
        assertThat(policy.at("/spec/rules/0/to/0/operation/paths").toString())
                .isEqualTo("[\"/api/products/*\",\"/api/users/*\"]");
        assertThat(CrdSchemas.violations(policy)).isEmpty();
        assertThat(run.json().at("/needsReview/0/evidence/unsafePaths").toString())
                .contains("\"path\":\"/*\"", "\"path\":\"/api/products/*\"");
        assertThat(run.json().at("/simulation/l7Coverage").asDouble()).isEqualTo(1.0);
    }

    /**
     * Methods have the same hole as paths: a rule whose methods were all left out would have no
     * methods, which allows every method.
     */
    @Test
    void aCallerWhoseEveryMethodAPolicyCannotNameGetsNoRule() throws Exception {
        RecommenderRun run =
                RecommenderRun.of(
                        work,
                        List.of(
                                Edges.mediated(REVIEWS, RATINGS, 9080, T0, "GET", "/ratings/0", 5),
                                Edges.mediated(
                                        PRODUCTPAGE,
                                        RATINGS,
                                        9080,
                                        T0,
                                        "M-SEARCH",
                                        "/ratings/1",
                                        2),
                                Edges.mediated(
                                        PRODUCTPAGE,
                                        RATINGS,
                                        9080,
                                        T0.plusSeconds(300),
                                        EdgeWindow.OTHER,
                                        "/ratings/1",
                                        3)));

        ObjectNode policy =
                find(run.documents("policies/istio/bookinfo.yaml"), "tandem-ratings-v1");
        assertThat(policy.at("/spec/rules")).hasSize(1);
        assertThat(policy.at("/spec/rules/0/from/0/source/principals").toString())
                .contains("bookinfo-reviews")
                .doesNotContain("bookinfo-productpage");
        assertThat(policy.at("/spec/rules/0/to/0/operation/methods").toString())
                .isEqualTo("[\"GET\"]");
        assertEveryPolicyValidates(run);
        JsonNode review = run.json().at("/needsReview/0");
        assertThat(review.get("reason").asText()).isEqualTo("METHOD_NOT_EXPRESSIBLE");
        assertThat(review.get("detail").asText())
                .startsWith("observed methods '(other)', 'M-SEARCH' are not methods")
                .contains("tandem-ratings-v1 does not list them, so Istio denies those requests");
    }

    private static void assertEveryPolicyValidates(RecommenderRun run) throws Exception {
        for (String file : run.policyFiles()) {
            for (ObjectNode doc : run.documents(file)) {
                assertThat(CrdSchemas.violations(doc)).as(file).isEmpty();
            }
        }
    }

    private static ObjectNode find(List<ObjectNode> docs, String name) {
        return docs.stream()
                .filter(d -> d.at("/metadata/name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name));
    }
}
