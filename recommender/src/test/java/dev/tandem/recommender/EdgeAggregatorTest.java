package dev.tandem.recommender;

import static dev.tandem.recommender.Edges.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.Verdict;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EdgeAggregatorTest {
    private static final EndpointRef WEB = Edges.meshed("shop", "web", "web", "app", "web");
    private static final EndpointRef API = Edges.meshed("shop", "api", "api", "app", "api");

    @Test
    void sumsWindowsOfOneEdgeWhateverTheirOrder() {
        EdgeAggregator aggregator = new EdgeAggregator();
        aggregator.accept(Edges.mediated(WEB, API, 8080, T0.plusSeconds(600), "GET", "/a", 3));
        aggregator.accept(Edges.mediated(WEB, API, 8080, T0, "POST", "/b", 2));
        aggregator.accept(
                Edges.kernelOnly(
                        WEB, API, 8080, "tcp", T0.plusSeconds(300), Verdict.BYPASS_INGRESS));

        List<ObservedEdge> edges = aggregator.edges();

        assertThat(edges).hasSize(1);
        ObservedEdge edge = edges.get(0);
        assertThat(edge.windows()).isEqualTo(3);
        assertThat(edge.firstSeen()).isEqualTo(T0);
        assertThat(edge.lastSeen()).isEqualTo(T0.plusSeconds(900));
        assertThat(edge.methods()).containsExactly(Map.entry("GET", 3L), Map.entry("POST", 2L));
        assertThat(edge.verdicts())
                .containsExactly(Map.entry("BYPASS_INGRESS", 1L), Map.entry("MEDIATED", 2L));
        assertThat(edge.minConfidence()).isEqualTo(0.8);
        assertThat(edge.anyBypass()).isTrue();
        assertThat(aggregator.windowsRead()).isEqualTo(3);
    }

    @Test
    void theLatestWindowDescribesTheEndpoints() {
        EndpointRef relabelled =
                Edges.meshed("shop", "api", "api-v2", "app", "api", "tier", "backend");
        EdgeAggregator aggregator = new EdgeAggregator();
        aggregator.accept(
                Edges.mediated(WEB, relabelled, 8080, T0.plusSeconds(300), "GET", "/a", 1));
        aggregator.accept(Edges.mediated(WEB, API, 8080, T0, "GET", "/a", 1));

        assertThat(aggregator.edges().get(0).destination()).isEqualTo(relabelled);
    }

    @Test
    void pathsPerEdgeStayBoundedAndKeepTheirStructure() {
        EdgeAggregator aggregator = new EdgeAggregator();
        for (int batch = 0; batch < 5; batch++) {
            Map<String, Long> paths = new HashMap<>();
            for (int i = 0; i < 2000; i++) {
                paths.put("/api/items/" + (batch * 2000 + i), 1L);
            }
            aggregator.accept(
                    Edges.http(
                            WEB,
                            API,
                            8080,
                            T0,
                            Map.of("GET", 2000L),
                            paths,
                            2000,
                            0,
                            Verdict.MEDIATED));
        }

        ObservedEdge edge = aggregator.edges().get(0);

        assertThat(edge.paths().size()).isLessThanOrEqualTo(EdgeAggregator.MAX_PATHS_PER_EDGE);
        assertThat(edge.paths()).containsKey("/api/items/*");
        assertThat(edge.paths().values().stream().mapToLong(Long::longValue).sum())
                .isEqualTo(10_000);
    }

    @Test
    void aClientsStarIsHeldBackAndNeverMistakenForTheFoldsStar() {
        EdgeAggregator aggregator = new EdgeAggregator();
        for (int batch = 0; batch < 5; batch++) {
            Map<String, Long> paths = new HashMap<>();
            for (int i = 0; i < 1000; i++) {
                paths.put("/api/items/" + (batch * 1000 + i), 1L);
            }
            aggregator.accept(
                    Edges.http(
                            WEB,
                            API,
                            8080,
                            T0,
                            Map.of("GET", 1000L),
                            paths,
                            1000,
                            0,
                            Verdict.MEDIATED));
        }
        aggregator.accept(Edges.mediated(WEB, API, 8080, T0, "GET", "/api/items/*", 2));
        aggregator.accept(Edges.mediated(WEB, API, 8080, T0, "GET", "/{x}", 1));

        ObservedEdge edge = aggregator.edges().get(0);

        // The fold wrote '/api/items/*'; the client's '/api/items/*' is not counted with it.
        assertThat(edge.paths()).containsKey("/api/items/*");
        assertThat(edge.paths().values().stream().mapToLong(Long::longValue).sum()).isEqualTo(5000);
        assertThat(edge.unsafePaths())
                .containsExactly(
                        Map.entry(new UnsafePath("/api/items/*", PathHazard.WILDCARD), 2L),
                        Map.entry(new UnsafePath("/{x}", PathHazard.TEMPLATE), 1L));
    }

    @Test
    void unsafePathsStayBoundedWithExactCountsWhateverTheOrder() {
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            paths.add("/*" + (1000 + i));
        }
        EdgeAggregator ascending = new EdgeAggregator();
        EdgeAggregator descending = new EdgeAggregator();
        for (int i = 0; i < paths.size(); i++) {
            ascending.accept(Edges.mediated(WEB, API, 8080, T0, "GET", paths.get(i), 2));
            descending.accept(
                    Edges.mediated(WEB, API, 8080, T0, "GET", paths.get(paths.size() - 1 - i), 2));
        }
        ascending.accept(Edges.mediated(WEB, API, 8080, T0, "GET", "/*1000", 1));

        ObservedEdge edge = ascending.edges().get(0);

        assertThat(edge.unsafePaths()).hasSize(EdgeAggregator.MAX_UNSAFE_PATHS_PER_EDGE);
        assertThat(edge.unsafePaths().firstKey().shown()).isEqualTo("/*1000");
        assertThat(edge.unsafePaths().get(edge.unsafePaths().firstKey())).isEqualTo(3L);
        assertThat(edge.unsafePaths().keySet())
                .isEqualTo(descending.edges().get(0).unsafePaths().keySet());
        assertThat(edge.paths()).isEmpty();
    }
}
