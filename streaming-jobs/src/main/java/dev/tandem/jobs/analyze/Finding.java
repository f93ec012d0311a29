package dev.tandem.jobs.analyze;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.KernelEvidence;
import dev.tandem.ingest.model.ProxyEvidence;
import dev.tandem.ingest.model.Verdict;
import java.time.Instant;

/**
 * One line of {@code findings.jsonl}, in the shape DESIGN.md gives: the verdict, both endpoints
 * (namespace written even when null), the edge, the window, the confidence and the evidence.
 */
public record Finding(
        Verdict verdict,
        Endpoint source,
        Endpoint destination,
        int port,
        String protocol,
        Instant windowStart,
        Instant windowEnd,
        double confidence,
        Evidence evidence) {

    /** An endpoint as findings show it. */
    public record Endpoint(
            @JsonInclude(JsonInclude.Include.ALWAYS) String namespace,
            String workload,
            EndpointKind kind,
            boolean meshed) {
        static Endpoint of(EndpointRef ref) {
            return new Endpoint(ref.namespace(), ref.workload(), ref.kind(), ref.meshed());
        }
    }

    /** Why: the judge's sentence and what each layer saw. */
    public record Evidence(String reason, KernelEvidence kernel, ProxyEvidence proxy) {}

    public static Finding of(EdgeWindow window) {
        return new Finding(
                window.verdict(),
                Endpoint.of(window.source()),
                Endpoint.of(window.destination()),
                window.port(),
                window.protocol(),
                window.windowStart(),
                window.windowEnd(),
                window.confidence(),
                new Evidence(window.reason(), window.kernel(), window.proxy()));
    }
}
