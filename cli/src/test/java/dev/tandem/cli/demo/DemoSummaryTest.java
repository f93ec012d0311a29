package dev.tandem.cli.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.KernelEvidence;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.ProxyEvidence;
import dev.tandem.ingest.model.Verdict;
import dev.tandem.recommender.RecommendResult;
import dev.tandem.scenario.Injection;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoSummaryTest {
    private static final Instant T0 = Instant.parse("2026-11-20T08:00:00Z");
    private static final Instant T5 = T0.plus(Duration.ofMinutes(5));
    private static final EndpointRef RATINGS = workload("bookinfo", "ratings-v1", true);
    private static final EndpointRef REVIEWS = workload("bookinfo", "reviews-v2", true);
    private static final EndpointRef OUTSIDE = EndpointRef.external("203.0.113.50");

    private static final Injection EXFILTRATION =
            new Injection(
                    Verdict.BYPASS_EGRESS,
                    "bookinfo",
                    "ratings-v1",
                    null,
                    "203.0.113.50",
                    443,
                    "tcp",
                    List.of(T0, T5),
                    "curl");

    private static final RecommendResult RECOMMENDED =
            new RecommendResult(
                    3,
                    2,
                    4,
                    1,
                    1,
                    List.of(
                            Path.of("policies/calico/bookinfo.yaml"),
                            Path.of("policies/istio/bookinfo.yaml"),
                            Path.of("report.html")),
                    null,
                    null);

    @Test
    void countsVerdictsAndTellsWhetherEveryInjectedWindowWasFound() {
        List<EdgeWindow> windows =
                List.of(
                        window(REVIEWS, RATINGS, 9080, T0, Verdict.MEDIATED),
                        window(REVIEWS, RATINGS, 9080, T5, Verdict.MEDIATED),
                        window(RATINGS, OUTSIDE, 443, T0, Verdict.BYPASS_EGRESS),
                        window(RATINGS, OUTSIDE, 443, T5, Verdict.BYPASS_EGRESS));

        DemoSummary summary = DemoSummary.of(windows, List.of(EXFILTRATION), RECOMMENDED);

        assertThat(summary.lines())
                .containsExactly(
                        "Judged 4 edge windows on 2 edges: 2 MEDIATED, 0 UNMESHED.",
                        "Found 2 findings: 2 BYPASS_EGRESS, 0 BYPASS_INGRESS, 0 PLAINTEXT, 0 DENIED;"
                                + " 1 of 1 injected anomalies caught, nothing else.",
                        "Wrote 2 policy files (4 L3/L4 rules, 1 Istio policies); 1 edges need review.");
    }

    @Test
    void anInjectionMissedInOneWindowIsNotCaughtAndAStrayFindingIsCounted() {
        List<EdgeWindow> windows =
                List.of(
                        window(RATINGS, OUTSIDE, 443, T0, Verdict.BYPASS_EGRESS),
                        window(RATINGS, OUTSIDE, 443, T5, Verdict.MEDIATED),
                        window(REVIEWS, RATINGS, 9080, T5, Verdict.BYPASS_INGRESS));

        DemoSummary summary = DemoSummary.of(windows, List.of(EXFILTRATION), RECOMMENDED);

        assertThat(summary.injectedFound()).isZero();
        assertThat(summary.unexpected()).isEqualTo(1);
        assertThat(summary.lines().get(1))
                .endsWith("0 of 1 injected anomalies caught, 1 other findings.");
    }

    private static EdgeWindow window(
            EndpointRef source, EndpointRef destination, int port, Instant start, Verdict verdict) {
        return new EdgeWindow(
                source,
                destination,
                port,
                "tcp",
                start,
                start.plus(Duration.ofMinutes(5)),
                KernelEvidence.none(),
                ProxyEvidence.none(),
                verdict,
                1.0,
                "test");
    }

    private static EndpointRef workload(String namespace, String name, boolean meshed) {
        return new EndpointRef(
                namespace, name, EndpointKind.WORKLOAD, Labels.empty(), meshed, null);
    }
}
