package dev.tandem.scenario;

import dev.tandem.ingest.model.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The anomalies a scenario injects into the first Bookinfo, and the {@link Injection} record of
 * each: where and when, and the verdict the correlate job should reach.
 */
final class Anomalies {
    static final int DEBUG_PORT = 5005;
    static final String EXFILTRATION_IP = "203.0.113.50";
    static final String DENY_POLICY = "0|security|security.restrict-tools-egress|deny|-1";

    /** Bookinfo's application tier lets only productpage call details: the tier's end denies. */
    static final String INGRESS_DENY_POLICY =
            "0|app-bookinfo|bookinfo/app-bookinfo.details|deny|-1";

    private final ScenarioSpec spec;
    private final TrafficRecorder recorder;
    private final List<Injection> injections = new ArrayList<>();

    // Interval indexes, as fractions of the run so that any length has them all.
    final int egressAt;
    final int ingressAt;
    final int deniedAt;
    final int ingressDeniedAt;

    Anomalies(ScenarioSpec spec, TrafficRecorder recorder) {
        this.spec = spec;
        this.recorder = recorder;
        int n = spec.intervals();
        egressAt = n * 2 / 5;
        ingressAt = n * 3 / 5;
        deniedAt = n * 3 / 4;
        ingressDeniedAt = n * 9 / 10;
    }

    List<Injection> injections() {
        return injections;
    }

    /** ratings' pod sends data out with curl as the proxy's UID, which iptables lets pass. */
    void exfiltration(Cluster.Copy copy, Instant start) {
        recorder.kernel.add(
                new KernelFlow(
                        start.getEpochSecond(),
                        Peer.of(copy.ratings()),
                        Peer.external(EXFILTRATION_IP, "pub"),
                        443,
                        "tcp",
                        null,
                        "curl",
                        null,
                        null,
                        2,
                        1_800_000 + recorder.random.nextInt(100_000),
                        4_200));
    }

    /**
     * A debugger attached from the netshoot pod to reviews-v3's JDWP port, which the sidecar does
     * not intercept.
     */
    void debugger(Cluster.Copy copy, Instant start) {
        Pod reviews = copy.reviews().get(2);
        recorder.kernel.add(
                new KernelFlow(
                        start.getEpochSecond(),
                        Peer.of(recorder.cluster.netshoot),
                        Peer.of(reviews),
                        DEBUG_PORT,
                        "tcp",
                        null,
                        "jdb",
                        "java",
                        null,
                        1,
                        24_000 + recorder.random.nextInt(4_000),
                        310_000 + recorder.random.nextInt(40_000)));
        recorder.dns(recorder.cluster.netshoot, start.getEpochSecond(), 2);
    }

    /** The same pod tries ratings' MySQL port; the security tier's egress policy drops it. */
    void deniedProbe(Cluster.Copy copy, Instant start) {
        recorder.kernel.add(
                new KernelFlow(
                        start.getEpochSecond(),
                        Peer.of(recorder.cluster.netshoot),
                        Peer.of(copy.ratings()),
                        3306,
                        "tcp",
                        null,
                        "nc",
                        null,
                        Denial.atSourceEgress(DENY_POLICY),
                        3,
                        180,
                        0));
    }

    /**
     * The same pod calls details' API directly, past productpage: its own egress allows it, and
     * Bookinfo's application tier drops it at details' node, where the SYNs go unanswered.
     */
    void ingressDeniedProbe(Cluster.Copy copy, Instant start) {
        recorder.dns(recorder.cluster.netshoot, start.getEpochSecond(), 2);
        recorder.kernel.add(
                new KernelFlow(
                        start.getEpochSecond(),
                        Peer.of(recorder.cluster.netshoot),
                        Peer.of(copy.details()),
                        Cluster.BOOKINFO_PORT,
                        "tcp",
                        copy.detailsService(),
                        "curl",
                        null,
                        Denial.atDestinationIngress(INGRESS_DENY_POLICY),
                        2,
                        // curl's two attempts, each five 60-byte SYNs before it gives up.
                        2 * 5 * 60,
                        0));
    }

    /** An hourly job in the unmeshed legacy namespace calls productpage's API in plaintext. */
    void batchJob(Cluster.Copy copy, Instant start) {
        Instant t = start.plusSeconds(120 + recorder.random.nextInt(60));
        Pod client = recorder.cluster.batchClient;
        for (int r = 0; r < 5; r++) {
            Instant at = t.plusMillis(r * 350L);
            recorder.inbound(
                    copy.productpage(),
                    copy.productpageService(),
                    at,
                    "GET",
                    "/api/v1/products",
                    200,
                    395,
                    3 + recorder.random.nextInt(5),
                    "python-requests/2.31.0",
                    Cluster.uuid(recorder.random),
                    client.ip() + ":" + recorder.ephemeralPort(),
                    false);
            recorder.countRequest();
        }
        recorder.kernel.add(
                new KernelFlow(
                        start.getEpochSecond(),
                        Peer.of(client),
                        Peer.of(copy.productpage()),
                        Cluster.BOOKINFO_PORT,
                        "tcp",
                        copy.productpageService(),
                        "python3",
                        "envoy",
                        null,
                        5,
                        5 * 180,
                        5 * 650));
        recorder.dns(client, start.getEpochSecond(), 2);
    }

    void record(List<Instant> plaintextWindows) {
        Cluster.Copy first = recorder.cluster.copies.get(0);
        String ns = first.namespace();
        Instant egress = windowStart(egressAt);
        injections.add(
                new Injection(
                        Verdict.BYPASS_EGRESS,
                        ns,
                        "ratings-v1",
                        null,
                        EXFILTRATION_IP,
                        443,
                        "tcp",
                        List.of(egress, windowStart(egressAt + 1)),
                        "ratings' pod sent 1.8 MB to "
                                + EXFILTRATION_IP
                                + ":443 with curl running as the proxy's"
                                + " UID, around the sidecar"));
        injections.add(
                new Injection(
                        Verdict.BYPASS_INGRESS,
                        "tools",
                        "netshoot",
                        ns,
                        "reviews-v3",
                        DEBUG_PORT,
                        "tcp",
                        List.of(windowStart(ingressAt), windowStart(ingressAt + 1)),
                        "a debugger in tools/netshoot attached to reviews-v3's JDWP port "
                                + DEBUG_PORT
                                + ", excluded from the sidecar's interception"));
        injections.add(
                new Injection(
                        Verdict.PLAINTEXT,
                        "legacy",
                        "batch-client",
                        ns,
                        "productpage-v1",
                        Cluster.BOOKINFO_PORT,
                        "tcp",
                        plaintextWindows,
                        "an hourly job in the unmeshed legacy namespace calls productpage's API without mTLS"));
        injections.add(
                new Injection(
                        Verdict.DENIED,
                        "tools",
                        "netshoot",
                        ns,
                        "ratings-v1",
                        3306,
                        "tcp",
                        List.of(windowStart(deniedAt)),
                        "tools/netshoot probed ratings' MySQL port; Calico's security tier denied it"
                                + " at the source's egress"));
        injections.add(
                new Injection(
                        Verdict.DENIED,
                        "tools",
                        "netshoot",
                        ns,
                        "details-v1",
                        Cluster.BOOKINFO_PORT,
                        "tcp",
                        List.of(windowStart(ingressDeniedAt)),
                        "tools/netshoot called details' API directly; its node let it out, and"
                                + " Bookinfo's application tier denied it at details' ingress"));
    }

    private Instant windowStart(int interval) {
        return spec.start().plus(ScenarioSpec.INTERVAL.multipliedBy(interval));
    }
}
