package dev.tandem.jobs.correlate;

import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowCounters;
import dev.tandem.ingest.model.FlowEndpoint;
import dev.tandem.ingest.model.FlowEndpointType;
import dev.tandem.ingest.model.FlowOrigin;
import dev.tandem.ingest.model.FlowPolicies;
import dev.tandem.ingest.model.FlowReporter;
import dev.tandem.ingest.model.HostPort;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.OwnerRef;
import dev.tandem.ingest.model.PodContext;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.ingest.model.PolicyHit;
import dev.tandem.ingest.model.ProxyLogFormat;
import dev.tandem.ingest.model.ProxyRequest;
import dev.tandem.ingest.model.UpstreamCluster;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Named times, endpoints and evidence for the correlate tests. */
final class Fixtures {
    /** A window boundary: 5-minute windows start here. */
    static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    static final Duration WINDOW = Duration.ofMinutes(5);
    static final CorrelateSettings SETTINGS = CorrelateSettings.defaults();

    static final Labels MESHED_LABELS =
            Labels.of(Map.of("app", "x", Labels.ISTIO_TLS_MODE, "istio"));

    static final EndpointRef PRODUCTPAGE = meshed("bookinfo", "productpage-v1");
    static final EndpointRef REVIEWS = meshed("bookinfo", "reviews-v1");
    static final EndpointRef LEGACY = unmeshed("bookinfo", "legacy-client");
    static final EndpointRef BATCH = unmeshed("jobs", "batch");
    static final EndpointRef NODE =
            new EndpointRef(null, "node-1", EndpointKind.HOST, Labels.empty(), false, null);
    static final EndpointRef EXTERNAL_API = EndpointRef.external("203.0.113.50");

    private Fixtures() {}

    static EndpointRef meshed(String namespace, String workload) {
        return new EndpointRef(
                namespace, workload, EndpointKind.WORKLOAD, MESHED_LABELS, true, workload);
    }

    static EndpointRef unmeshed(String namespace, String workload) {
        return new EndpointRef(
                namespace,
                workload,
                EndpointKind.WORKLOAD,
                Labels.of(Map.of("app", workload)),
                false,
                null);
    }

    static Instant at(Duration offset) {
        return T0.plus(offset);
    }

    static Instant minutes(double m) {
        return T0.plusMillis((long) (m * 60_000));
    }

    // ---- kernel evidence ----

    static KernelFlow flow(
            FlowEndpoint source,
            FlowEndpoint destination,
            int port,
            FlowAction action,
            List<FlowReporter> reporters,
            Instant start,
            List<String> processes) {
        return new KernelFlow(
                FlowOrigin.CALICO,
                start,
                start.plus(WINDOW),
                source,
                destination,
                port,
                "tcp",
                action,
                reporters,
                null,
                action == FlowAction.DENY
                        ? new FlowPolicies(
                                List.of(
                                        new PolicyHit(
                                                0,
                                                "default",
                                                "bookinfo/staged:default.audit",
                                                "deny",
                                                0,
                                                true),
                                        new PolicyHit(
                                                1,
                                                "default",
                                                "bookinfo/default.deny-batch",
                                                "deny",
                                                0,
                                                false)),
                                null,
                                null,
                                null)
                        : null,
                // One short connection, opened and closed in the interval (LongStreamTest has
                // connections that stay open).
                new FlowCounters(100, 200, 1, 2, 1, 1, 1, 0, 0),
                processes,
                null,
                null,
                "node-1",
                null);
    }

    static FlowEndpoint aggregatedPod(String namespace, String nameAggr, Labels labels) {
        return new FlowEndpoint(
                null, null, nameAggr, namespace, FlowEndpointType.WEP, labels, null);
    }

    static FlowEndpoint podIp(String ip) {
        return new FlowEndpoint(ip, null, null, null, FlowEndpointType.WEP, Labels.empty(), null);
    }

    static FlowEndpoint externalIp(String ip) {
        return new FlowEndpoint(ip, null, "pub", null, FlowEndpointType.NET, Labels.empty(), null);
    }

    /** Kernel evidence of an edge already resolved, as the builder receives it. */
    static EdgeEvidence kernel(
            EndpointRef source,
            EndpointRef destination,
            int port,
            Instant start,
            FlowReporter... reporters) {
        return kernel(source, destination, port, start, FlowAction.ALLOW, List.of(), reporters);
    }

    static EdgeEvidence kernel(
            EndpointRef source,
            EndpointRef destination,
            int port,
            Instant start,
            FlowAction action,
            List<String> processes,
            FlowReporter... reporters) {
        KernelFlow flow =
                flow(
                        podIp("10.0.0.1"),
                        podIp("10.0.0.2"),
                        port,
                        action,
                        List.of(reporters),
                        start,
                        processes);
        return new EdgeEvidence(source, destination, port, "tcp", start, flow, null, false);
    }

    // ---- proxy evidence ----

    static ProxyRequest request(
            Instant start,
            String cluster,
            String upstreamHost,
            String downstreamLocal,
            String downstreamRemote,
            String sni,
            PodContext pod) {
        return new ProxyRequest(
                start,
                "GET",
                "/reviews/0?x=1",
                "HTTP/1.1",
                200,
                null,
                "via_upstream",
                null,
                null,
                0,
                295,
                5L,
                4L,
                null,
                "curl/8",
                "req-1",
                "reviews:9080",
                HostPort.parse(upstreamHost),
                UpstreamCluster.parse(cluster),
                null,
                HostPort.parse(downstreamLocal),
                HostPort.parse(downstreamRemote),
                sni,
                "default",
                null,
                ProxyLogFormat.TEXT,
                pod);
    }

    /** The client sidecar's line for a request to the destination. */
    static EdgeEvidence outbound(
            EndpointRef source, EndpointRef destination, int port, Instant start) {
        ProxyRequest request =
                request(
                        start,
                        "outbound|" + port + "||svc.bookinfo.svc.cluster.local",
                        "10.0.0.2:" + port,
                        "10.96.0.10:" + port,
                        "10.0.0.1:40000",
                        null,
                        null);
        return new EdgeEvidence(source, destination, port, "tcp", start, null, request, true);
    }

    /** The server sidecar's line; {@code mtls} says whether the caller used Istio mTLS. */
    static EdgeEvidence inbound(
            EndpointRef source, EndpointRef destination, int port, Instant start, boolean mtls) {
        ProxyRequest request =
                request(
                        start,
                        "inbound|" + port + "||",
                        "10.0.0.2:" + port,
                        "10.0.0.2:" + port,
                        "10.0.0.1:40000",
                        mtls ? "outbound_." + port + "_._.svc.bookinfo.svc.cluster.local" : null,
                        null);
        return new EdgeEvidence(source, destination, port, "tcp", start, null, request, false);
    }

    // ---- inventory ----

    /** Bookinfo's reviews and productpage pods, running since T0, at 10.1.0.20 and 10.1.0.10. */
    static final PodRecord REVIEWS_POD =
            pod(
                    "bookinfo",
                    "reviews-v1-6584ddcf65-k78wz",
                    "reviews-v1",
                    "10.1.0.20",
                    T0,
                    null,
                    true);

    static final PodRecord PRODUCTPAGE_POD =
            pod(
                    "bookinfo",
                    "productpage-v1-6b746f74dc-xmzpr",
                    "productpage-v1",
                    "10.1.0.10",
                    T0,
                    null,
                    true);

    static PodRecord pod(
            String namespace,
            String name,
            String workload,
            String ip,
            Instant from,
            Instant until,
            boolean sidecar) {
        return new PodRecord(
                namespace,
                name,
                name + "-uid",
                List.of(ip),
                from,
                until,
                sidecar ? MESHED_LABELS : Labels.of(Map.of("app", workload)),
                workload,
                new OwnerRef("ReplicaSet", workload + "-6584ddcf65"),
                workload,
                "node-1",
                false,
                sidecar,
                until == null ? "Running" : "Succeeded");
    }

    static PodContext envelope(String namespace, String podName, String ip) {
        return new PodContext(namespace, podName, MESHED_LABELS, "istio-proxy", ip, "node-1", null);
    }
}
