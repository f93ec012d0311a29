package dev.tandem.ingest.archive;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.KernelEvidence;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.ProxyEvidence;
import dev.tandem.ingest.model.Verdict;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Named edge windows for the archive tests. */
final class SampleEdges {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    private SampleEdges() {}

    /** An edge window with every field set, including labels with YAML specials and unicode. */
    static EdgeWindow everyFieldSet(Instant start) {
        EndpointRef source =
                new EndpointRef(
                        "bookinfo",
                        "productpage-v1",
                        EndpointKind.WORKLOAD,
                        Labels.of(
                                Map.of(
                                        "app", "productpage",
                                        "security.istio.io/tlsMode", "istio",
                                        "team", "a: b # ünïcødé \"quoted\"\n")),
                        true,
                        "bookinfo-productpage");
        EndpointRef destination =
                new EndpointRef(
                        "bookinfo",
                        "reviews-v2",
                        EndpointKind.WORKLOAD,
                        Labels.of(Map.of("app", "reviews", "version", "v2")),
                        true,
                        "bookinfo-reviews");
        KernelEvidence kernel =
                new KernelEvidence(
                        3,
                        4,
                        5,
                        6000,
                        70,
                        7,
                        1,
                        List.of("envoy", "pilot-agent"),
                        List.of("default|allow-reviews|allow"));
        ProxyEvidence proxy =
                new ProxyEvidence(
                        11,
                        12,
                        10,
                        2,
                        new TreeMap<>(Map.of("GET", 11L, "POST", 1L)),
                        new TreeMap<>(Map.of("/reviews/*", 12L)),
                        new TreeMap<>(Map.of(200, 10L, 503, 2L)),
                        List.of("spiffe://cluster.local/ns/bookinfo/sa/bookinfo-productpage"),
                        List.of("reviews:9080"));
        return new EdgeWindow(
                source,
                destination,
                9080,
                "tcp",
                start,
                start.plusSeconds(300),
                kernel,
                proxy,
                Verdict.MEDIATED,
                0.95,
                "both sidecars logged the requests the kernel saw");
    }

    /** An edge window with every optional field null or empty. */
    static EdgeWindow everythingEmpty(Instant start) {
        return new EdgeWindow(
                EndpointRef.external("203.0.113.50"),
                new EndpointRef("shop", "db", EndpointKind.WORKLOAD, null, false, null),
                5432,
                "udp",
                start,
                start.plusSeconds(300),
                null,
                null,
                Verdict.UNMESHED,
                0,
                null);
    }
}
