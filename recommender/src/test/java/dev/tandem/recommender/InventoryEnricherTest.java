package dev.tandem.recommender;

import static dev.tandem.recommender.Edges.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.InventorySnapshot;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.ingest.model.Verdict;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InventoryEnricherTest {
    private static PodRecord pod(
            String name, String sa, String version, int startedMinutesAfterT0) {
        return new PodRecord(
                "shop",
                name,
                null,
                List.of("10.0.0.1"),
                T0.plusSeconds(60L * startedMinutesAfterT0),
                null,
                Labels.of(Map.of("app", "api", "version", version)),
                sa,
                null,
                "api",
                "node-1",
                false,
                true,
                "Running");
    }

    @Test
    void fillsMissingLabelsAndServiceAccountFromTheNewestPod() {
        InventorySnapshot snapshot =
                new InventorySnapshot(
                        T0,
                        List.of(pod("api-1", "api-old", "v1", 0), pod("api-2", "api", "v2", 5)),
                        null,
                        null);
        EndpointRef bare = new EndpointRef("shop", "api", EndpointKind.WORKLOAD, null, true, null);
        EdgeWindow window =
                Edges.kernelOnly(
                        Edges.meshed("shop", "web", "web", "app", "web"),
                        bare,
                        8080,
                        "tcp",
                        T0,
                        Verdict.MEDIATED);

        EdgeWindow enriched = new InventoryEnricher(snapshot).apply(window);

        assertThat(enriched.destination().serviceAccount()).isEqualTo("api");
        assertThat(enriched.destination().labels().get("version")).isEqualTo("v2");
        assertThat(enriched.destination().meshed()).isTrue();
        assertThat(enriched.source()).isSameAs(window.source());
    }

    @Test
    void neverOverridesWhatTheEvidenceSaid() {
        InventorySnapshot snapshot =
                new InventorySnapshot(T0, List.of(pod("api-1", "other", "v9", 0)), null, null);
        EndpointRef known =
                new EndpointRef(
                        "shop",
                        "api",
                        EndpointKind.WORKLOAD,
                        Labels.of(Map.of("app", "api")),
                        false,
                        "api");
        EdgeWindow window = Edges.kernelOnly(known, known, 8080, "tcp", T0, Verdict.UNMESHED);

        assertThat(new InventoryEnricher(snapshot).apply(window)).isSameAs(window);
    }
}
