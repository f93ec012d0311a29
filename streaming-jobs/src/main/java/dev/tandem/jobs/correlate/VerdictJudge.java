package dev.tandem.jobs.correlate;

import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.Verdict;
import java.util.Set;

/**
 * Decides the verdict of one edge window from the evidence of both layers. Pure: the windows before
 * and after are passed in (or null), because proxy lines of a keep-alive connection or of a request
 * that straddles a window boundary land in a neighbour.
 *
 * <p>The rules, in order (the first that applies wins):
 *
 * <ol>
 *   <li><b>DENIED</b> (1.0): the kernel denied the connection at either end and let none through: a
 *       source-reported deny (the source's egress policy) or a destination-reported deny (the
 *       destination's ingress policy; the source's node then reports the same connection as allowed
 *       out). A denied connection never reached the application, so no proxy line is expected. When
 *       some flows were denied and others got through (a policy changed mid-window, or it denies
 *       only some pods of a workload), the rules below judge the traffic that got through; a bypass
 *       or plaintext finding wins, otherwise the window is DENIED, so the denial is not hidden
 *       behind MEDIATED or UNMESHED.
 *   <li><b>MEDIATED</b>, the sidecar's own ports: a meshed destination on 15000-15090 (admin,
 *       {@code 15020} merged metrics and rewritten kubelet probes, {@code 15021} health, {@code
 *       15090} Prometheus) is served by Envoy itself, which writes no access line. Never a bypass.
 *   <li><b>UNMESHED</b>: neither side has a sidecar.
 *   <li><b>UNMESHED</b>, cluster DNS: a meshed source's queries to port 53 of an unmeshed
 *       in-cluster resolver (kube-dns/CoreDNS or a node-local cache), with no sidecar line on the
 *       edge. Istio does not capture DNS by default (DNS proxying is opt-in, and the agent then
 *       forwards the queries itself), so the queries legitimately go around Envoy: the sidecar does
 *       not apply to this traffic, which is what UNMESHED says. Not a finding.
 *   <li><b>MEDIATED</b>, the control plane: a meshed source to istiod on 15010, 15012 or 15017,
 *       with no process named but the proxy's: the mesh's own traffic, like rule 2.
 *   <li><b>BYPASS_EGRESS</b>, high confidence (0.95): the source is meshed and its node names the
 *       process that sent the flow (a destination node's report names the receiver, which does not
 *       count), and it is not the proxy ({@code envoy}, {@code pilot-agent}, also as a path such as
 *       {@code /usr/local/bin/envoy}).
 *   <li><b>BYPASS_EGRESS</b>: the source is meshed, the kernel saw allowed traffic leave, and its
 *       sidecar logged nothing outbound in this window or the adjacent ones (0.8 when the source's
 *       node reported the flow, 0.6 when only the destination's did).
 *   <li><b>BYPASS_INGRESS</b>: the destination is meshed, the kernel saw allowed traffic arrive,
 *       and its sidecar logged nothing inbound in this window or the adjacent ones (0.8 when the
 *       destination's node reported it, 0.6 otherwise). From a host (kubelet) the confidence is
 *       0.5: Istio rewrites HTTP probes to 15020, but a TCP probe or a mesh with probe rewriting
 *       off reaches the app port directly.
 *   <li><b>PLAINTEXT</b>: the destination's sidecar received requests without mTLS (0.9); not for
 *       an ingress gateway, whose clients are outside the mesh.
 *   <li><b>MEDIATED</b>: the sidecars logged the traffic: 1.0 in the same window, 0.7 when only in
 *       an adjacent window (a keep-alive connection, or a request that started before the
 *       boundary); 0.5 when only the proxy layer reported the edge.
 * </ol>
 */
final class VerdictJudge {
    /** Envoy's own listeners: admin, agent, health, merged metrics, Prometheus. */
    static final int SIDECAR_PORTS_FIRST = 15000;

    static final int SIDECAR_PORTS_LAST = 15090;

    static final Set<String> PROXY_PROCESSES = Set.of("envoy", "pilot-agent");

    /** Cluster DNS: UDP, and TCP for large answers. */
    static final int DNS_PORT = 53;

    /** istiod: 15010 xDS in plaintext, 15012 xDS and certificates over mTLS, 15017 webhooks. */
    static final Set<Integer> CONTROL_PLANE_PORTS = Set.of(15010, 15012, 15017);

    private VerdictJudge() {}

    static Judgement judge(
            WindowAccumulator window,
            int port,
            WindowAccumulator previous,
            WindowAccumulator next) {
        if (window.deniedFlows() > 0 && window.deliveredFlows() == 0) {
            return new Judgement(
                    Verdict.DENIED,
                    1.0,
                    "the kernel policy denied the connection (at the source's egress or the"
                            + " destination's ingress); none reached the application");
        }
        Judgement delivered = judgeDelivered(window, port, previous, next);
        if (window.deniedFlows() > 0 && !delivered.verdict().isFinding()) {
            // A policy changed mid-window, or denies some pods of a workload: the denial is the
            // finding; a bypass or plaintext of the traffic that got through outranks it.
            return new Judgement(
                    Verdict.DENIED,
                    1.0,
                    "the kernel policy denied "
                            + window.deniedFlows()
                            + " flow report(s) and let "
                            + window.deliveredFlows()
                            + " through, which were "
                            + delivered.verdict().name());
        }
        return delivered;
    }

    /** The rules after the first, for the traffic the kernel let through. */
    private static Judgement judgeDelivered(
            WindowAccumulator window,
            int port,
            WindowAccumulator previous,
            WindowAccumulator next) {
        EndpointRef source = window.source();
        EndpointRef destination = window.destination();
        if (destination.meshed() && port >= SIDECAR_PORTS_FIRST && port <= SIDECAR_PORTS_LAST) {
            return new Judgement(
                    Verdict.MEDIATED,
                    1.0,
                    "port " + port + " is the sidecar's own listener, which logs no access lines");
        }
        if (!source.meshed() && !destination.meshed()) {
            return new Judgement(Verdict.UNMESHED, 1.0, "neither side has a sidecar");
        }
        if (isClusterDns(window, port)) {
            return new Judgement(
                    Verdict.UNMESHED,
                    1.0,
                    "DNS to an unmeshed in-cluster resolver: Istio's sidecar does not capture DNS"
                            + " (its DNS proxy is opt-in, and pilot-agent forwards what it captures)");
        }
        if (isControlPlane(window, port)) {
            return new Judgement(
                    Verdict.MEDIATED,
                    1.0,
                    "the mesh's own control-plane traffic: the sidecar's agent fetching"
                            + " configuration and certificates from istiod on port "
                            + port);
        }
        boolean kernelAllowed = window.deliveredFlows() > 0;
        if (kernelAllowed && source.meshed()) {
            String process = foreignProcess(window.sendingProcessNames());
            if (process != null) {
                return new Judgement(
                        Verdict.BYPASS_EGRESS,
                        0.95,
                        "the kernel saw process '" + process + "' send it, not the sidecar");
            }
            if (window.outboundRequests() == 0 && outbound(previous) == 0 && outbound(next) == 0) {
                return new Judgement(
                        Verdict.BYPASS_EGRESS,
                        window.sourceReportedFlows() > 0 ? 0.8 : 0.6,
                        "the kernel saw traffic leave a meshed source; its sidecar logged none");
            }
        }
        if (kernelAllowed
                && destination.meshed()
                && window.inboundRequests() == 0
                && inbound(previous) == 0
                && inbound(next) == 0) {
            double confidence =
                    source.kind() == EndpointKind.HOST
                            ? 0.5
                            : window.destinationReportedFlows() > 0 ? 0.8 : 0.6;
            return new Judgement(
                    Verdict.BYPASS_INGRESS,
                    confidence,
                    "the kernel saw traffic reach a meshed destination; its sidecar logged none");
        }
        // An ingress gateway's clients are outside the mesh: no mTLS is the design, not a finding.
        if (window.plaintextRequests() > 0 && !EndpointResolver.isIngressGateway(destination)) {
            return new Judgement(
                    Verdict.PLAINTEXT,
                    0.9,
                    "the destination's sidecar received "
                            + window.plaintextRequests()
                            + " request(s) without mTLS");
        }
        if (!window.kernelSeen()) {
            return new Judgement(Verdict.MEDIATED, 0.5, "only the proxy layer reported this edge");
        }
        boolean sameWindow =
                (!source.meshed() || window.outboundRequests() > 0)
                        && (!destination.meshed() || window.inboundRequests() > 0);
        return sameWindow
                ? new Judgement(Verdict.MEDIATED, 1.0, "the sidecars logged the traffic")
                : new Judgement(
                        Verdict.MEDIATED,
                        0.7,
                        "the sidecars logged it in an adjacent window (keep-alive or boundary)");
    }

    /** The first process that is not the proxy, or null. */
    static String foreignProcess(Set<String> processes) {
        for (String process : processes) {
            if (!isProxy(process)) {
                return process;
            }
        }
        return null;
    }

    /**
     * A meshed pod's DNS query to the cluster's resolver (kube-dns/CoreDNS, or a node-local cache
     * on the host network), which by default has no sidecar. The resolver runs in the application's
     * own process, so the kernel names the app, not the proxy: this rule precedes the process rule.
     * An external destination on port 53 is not the cluster's resolver and stays a bypass; a line
     * from the sidecar (DNS over TCP through Envoy) leaves the edge to the usual rules.
     */
    private static boolean isClusterDns(WindowAccumulator window, int port) {
        EndpointRef destination = window.destination();
        return port == DNS_PORT
                && window.source().meshed()
                && !destination.meshed()
                && (destination.kind() == EndpointKind.WORKLOAD
                        || destination.kind() == EndpointKind.HOST)
                && window.outboundRequests() == 0;
    }

    /**
     * A meshed pod's agent (or Envoy) talking to istiod: xDS and certificate signing are the mesh
     * itself, not traffic it mediates, and Envoy writes no access line for them. A process other
     * than the proxy on these ports is left to the process rule.
     */
    private static boolean isControlPlane(WindowAccumulator window, int port) {
        EndpointRef destination = window.destination();
        return CONTROL_PLANE_PORTS.contains(port)
                && window.source().meshed()
                && !destination.meshed()
                && isIstiod(destination)
                && foreignProcess(window.sendingProcessNames()) == null;
    }

    private static boolean isIstiod(EndpointRef endpoint) {
        return "istiod".equals(endpoint.labels().get("app"))
                || "pilot".equals(endpoint.labels().get("istio"))
                || endpoint.workload().startsWith("istiod");
    }

    /**
     * Calico may name the executable's path ({@code /usr/local/bin/envoy}): the basename decides.
     */
    static boolean isProxy(String process) {
        return PROXY_PROCESSES.contains(process.substring(process.lastIndexOf('/') + 1));
    }

    private static long outbound(WindowAccumulator window) {
        return window == null ? 0 : window.outboundRequests();
    }

    private static long inbound(WindowAccumulator window) {
        return window == null ? 0 : window.inboundRequests();
    }
}
