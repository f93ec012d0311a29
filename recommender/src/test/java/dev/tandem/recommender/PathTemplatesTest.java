package dev.tandem.recommender;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class PathTemplatesTest {

    @Test
    void pathsWithinTheBudgetStayExact() {
        Map<String, String> mapping =
                PathTemplates.generalize(List.of("/productpage", "/static/app.js", "/login"), 3);

        assertThat(mapping)
                .containsEntry("/productpage", "/productpage")
                .containsEntry("/static/app.js", "/static/app.js");
    }

    @Test
    void identifiersAreCutToTheDeepestPrefixThatFits() {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            paths.add("/api/products/" + i);
        }
        paths.add("/api/cart");
        paths.add("/health");

        Map<String, String> mapping = PathTemplates.generalize(paths, 5);

        assertThat(new TreeSet<>(mapping.values()))
                .containsExactly("/api/cart", "/api/products/*", "/health");
    }

    @Test
    void tooManyFirstSegmentsFallBackToEverything() {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            paths.add("/" + i);
        }

        assertThat(new TreeSet<>(PathTemplates.generalize(paths, 10).values()))
                .containsExactly("/*");
        assertThatThrownBy(() -> PathTemplates.generalize(paths, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void normalizeDropsQueriesAndReadsNothingAsAPattern() {
        assertThat(PathTemplates.normalize("/api/items?page=2#top")).isEqualTo("/api/items");
        // A client's braces and stars stay what they are; PathHazard keeps them out of policy.
        assertThat(PathTemplates.normalize("/api/products/{id}/reviews"))
                .isEqualTo("/api/products/{id}/reviews");
        assertThat(PathTemplates.normalize("/a/*/b")).isEqualTo("/a/*/b");
        assertThat(PathTemplates.normalize("")).isEqualTo("/");
        assertThat(PathTemplates.normalize("relative")).isEqualTo("/relative");
    }

    @Test
    void tandemsOwnFoldedPatternsStayPatterns() {
        // What EdgeAggregator's fold leaves behind for an edge with thousands of paths.
        List<String> paths = List.of("/api/items/*", "/api/users/*", "/api/users/7/orders");

        assertThat(PathTemplates.generalize(paths, 3))
                .containsEntry("/api/items/*", "/api/items/*")
                .containsEntry("/api/users/*", "/api/users/*");
        assertThat(new TreeSet<>(PathTemplates.generalize(paths, 2).values()))
                .containsExactly("/api/items/*", "/api/users/*");
        assertThat(new TreeSet<>(PathTemplates.generalize(paths, 1).values()))
                .containsExactly("/api/*");
    }

    @Test
    void matchesLikeIstio() {
        assertThat(PathTemplates.matches("/api/products/*", "/api/products/7")).isTrue();
        assertThat(PathTemplates.matches("/api/products/*", "/api/productsX")).isFalse();
        assertThat(PathTemplates.matches("*.js", "/static/app.js")).isTrue();
        assertThat(PathTemplates.matches("/exact", "/exact/")).isFalse();
        assertThat(PathTemplates.matches("*", "/anything")).isTrue();
    }
}
