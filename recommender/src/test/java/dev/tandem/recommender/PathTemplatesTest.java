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
    void normalizeDropsQueriesAndTurnsTemplateVariablesIntoPrefixes() {
        assertThat(PathTemplates.normalize("/api/items?page=2#top")).isEqualTo("/api/items");
        assertThat(PathTemplates.normalize("/api/products/{id}/reviews"))
                .isEqualTo("/api/products/*");
        assertThat(PathTemplates.normalize("/a/*/b")).isEqualTo("/a/*");
        assertThat(PathTemplates.normalize("")).isEqualTo("/");
        assertThat(PathTemplates.normalize("relative")).isEqualTo("/relative");
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
