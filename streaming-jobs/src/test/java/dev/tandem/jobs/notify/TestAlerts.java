package dev.tandem.jobs.notify;

import dev.tandem.ingest.json.CanonicalJson;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.KernelEvidence;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.ProxyEvidence;
import dev.tandem.ingest.model.Verdict;
import dev.tandem.jobs.alert.Alert;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Alert records exactly as the correlate job writes them ({@link Alert#of} through {@link
 * CanonicalJson}), for named scenarios.
 */
final class TestAlerts {
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    static final Duration WINDOW = Duration.ofMinutes(5);

    private TestAlerts() {}

    /** currencyservice (meshed) sent traffic to an external address around its sidecar. */
    static Alert egressBypass(Instant start) {
        return Alert.of(
                window(
                        workload("shop", "currencyservice", true),
                        EndpointRef.external("203.0.113.50"),
                        443,
                        start,
                        new KernelEvidence(12, 0, 30, 4096, 40, 12, 0, List.of("curl"), List.of()),
                        ProxyEvidence.none(),
                        Verdict.BYPASS_EGRESS,
                        0.9,
                        "the kernel saw 12 flows leave currencyservice; its sidecar sent none"));
    }

    /** A caller reached paymentservice's port around paymentservice's sidecar. */
    static Alert ingressBypass(String sourceWorkload, int port, Instant start) {
        return Alert.of(
                window(
                        workload("shop", sourceWorkload, false),
                        workload("payments", "paymentservice", true),
                        port,
                        start,
                        new KernelEvidence(3, 3, 3, 900, 6, 6, 0, List.of(), List.of()),
                        new ProxyEvidence(0, 0, 0, 0, null, null, null, List.of(), List.of()),
                        Verdict.BYPASS_INGRESS,
                        0.95,
                        "the kernel let 3 flows into paymentservice; its sidecar logged none"));
    }

    /** A plaintext call, medium severity (confidence below 0.8). */
    static Alert plaintext(String namespace, Instant start) {
        return Alert.of(
                window(
                        workload(namespace, "frontend", true),
                        workload(namespace, "cartservice", true),
                        7070,
                        start,
                        new KernelEvidence(2, 2, 2, 500, 4, 4, 0, List.of(), List.of()),
                        new ProxyEvidence(2, 2, 0, 2, null, null, null, List.of(), List.of()),
                        Verdict.PLAINTEXT,
                        0.6,
                        "cartservice's sidecar saw 2 requests without mTLS"));
    }

    /** An alert whose names carry chat syntax: mentions, Markdown, a link, a line break. */
    static Alert hostileNames(Instant start) {
        return Alert.of(
                window(
                        new EndpointRef(
                                "ns-*bold*_x_",
                                "<!channel> @channel <@U123>",
                                EndpointKind.WORKLOAD,
                                Labels.empty(),
                                true,
                                null),
                        EndpointRef.external("[click](http://evil.example) `code` # head\nline"),
                        8080,
                        start,
                        new KernelEvidence(
                                1, 0, 1, 10, 1, 1, 0, List.of("<at>bob</at>"), List.of()),
                        ProxyEvidence.none(),
                        Verdict.BYPASS_EGRESS,
                        0.9,
                        "reason with <!here> and **stars**"));
    }

    static byte[] json(Alert alert) {
        return CanonicalJson.toJsonLine(alert).getBytes(StandardCharsets.UTF_8);
    }

    static ReceivedAlert received(Alert alert) {
        AlertReader.Result result = AlertReader.read(json(alert));
        if (!result.ok()) {
            throw new AssertionError("not readable: " + result.detail());
        }
        return result.alert();
    }

    private static EndpointRef workload(String namespace, String name, boolean meshed) {
        return new EndpointRef(
                namespace, name, EndpointKind.WORKLOAD, Labels.empty(), meshed, name);
    }

    private static EdgeWindow window(
            EndpointRef source,
            EndpointRef destination,
            int port,
            Instant start,
            KernelEvidence kernel,
            ProxyEvidence proxy,
            Verdict verdict,
            double confidence,
            String reason) {
        return new EdgeWindow(
                source,
                destination,
                port,
                "tcp",
                start,
                start.plus(WINDOW),
                kernel,
                proxy,
                verdict,
                confidence,
                reason);
    }
}
