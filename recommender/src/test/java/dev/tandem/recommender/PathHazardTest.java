package dev.tandem.recommender;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathHazardTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/ratings/0",
                "/productpage",
                "/static/app.js",
                "/api/v1/items/ünïcødé",
                "/a%2Ab", // percent-encoded '*' is literal to Istio
                "/ratings?filter=*", // the query is not part of the path Istio compares
                "relative",
                ""
            })
    void ordinaryPathsCanBeNamedExactly(String path) {
        assertThat(PathHazard.of(path)).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/*", "/*alias", "/a*b", "*", "/api/items/*", "*.js"})
    void aClientsStarIsAWildcardToIstio(String path) {
        assertThat(PathHazard.of(path)).isEqualTo(PathHazard.WILDCARD);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/{x}", "/{", "/a}", "/api/{id}/reviews"})
    void aClientsBraceIsATemplateToIstio(String path) {
        assertThat(PathHazard.of(path)).isEqualTo(PathHazard.TEMPLATE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a\tb", "/a\nb", "/a\rb", "/a\u0000b", "/a\u007fb", "/a\u0085b"})
    void controlCharactersAreHazards(String path) {
        assertThat(PathHazard.of(path)).isEqualTo(PathHazard.CONTROL_CHARACTER);
    }

    @Test
    void everyBidiControlIsAHazard() {
        for (char c :
                "\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\u200E\u200F\u061C"
                        .toCharArray()) {
            assertThat(PathHazard.of("/admin" + c + "/x"))
                    .as("U+%04X", (int) c)
                    .isEqualTo(PathHazard.BIDI_CONTROL);
        }
    }

    @Test
    void pathsLongerThanTheBoundAreHazards() {
        String atBound = "/" + "a".repeat(PathHazard.MAX_PATH_CHARS - 1);

        assertThat(PathHazard.of(atBound)).isNull();
        assertThat(PathHazard.of(atBound + "a")).isEqualTo(PathHazard.TOO_LONG);
        assertThat(PathHazard.of("/" + "a".repeat(10_000))).isEqualTo(PathHazard.TOO_LONG);
        // The bound applies to what a policy would name: a long query does not count.
        assertThat(PathHazard.of(atBound + "?" + "q".repeat(10_000))).isNull();
    }

    @Test
    void theFirstHazardInDeclarationOrderIsReported() {
        assertThat(PathHazard.of("/\u202E*\t")).isEqualTo(PathHazard.CONTROL_CHARACTER);
        assertThat(PathHazard.of("/{*}\u202E")).isEqualTo(PathHazard.BIDI_CONTROL);
        assertThat(PathHazard.of("/{x}*")).isEqualTo(PathHazard.WILDCARD);
        assertThat(PathHazard.of("/{**}")).isEqualTo(PathHazard.WILDCARD);
    }

    @Test
    void anUnsafePathIsShownEscapedAndCut() {
        assertThat(UnsafePath.of("/a\tb\nc", PathHazard.CONTROL_CHARACTER).shown())
                .isEqualTo("/a\\u0009b\\u000Ac");
        assertThat(UnsafePath.of("/admin\u202E/x", PathHazard.BIDI_CONTROL).shown())
                .isEqualTo("/admin\\u202E/x");
        assertThat(UnsafePath.of("/a\\u0009*", PathHazard.WILDCARD).shown())
                .as("a literal backslash cannot pass for an escape")
                .isEqualTo("/a\\\\u0009*");
        String longPath = "/" + "a".repeat(9_999);
        assertThat(UnsafePath.of(longPath, PathHazard.TOO_LONG).shown())
                .isEqualTo(
                        longPath.substring(0, UnsafePath.SHOWN_CHARS) + "... (10000 characters)");
        assertThat(UnsafePath.of("/*", PathHazard.WILDCARD).describe())
                .isEqualTo(
                        "'/*' contains '*', which an AuthorizationPolicy would read as a wildcard");
    }
}
