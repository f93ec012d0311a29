package dev.tandem.jobs.notify;

import dev.tandem.ingest.model.Verdict;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Words for alerts: what happened in one line (who talked to whom, on which port, which layer was
 * bypassed), then the evidence (kernel and proxy counts, window, confidence), then what to do.
 */
final class AlertMessages {
    /** Groups a digest lists one by one; the rest are counted. */
    static final int DIGEST_LINES = 25;

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private AlertMessages() {}

    /**
     * The message for one alert, or for {@code alerts} of one edge and verdict grouped within the
     * quiet period (the newest one's evidence is shown).
     */
    static ChatMessage group(List<ReceivedAlert> alerts) {
        ReceivedAlert newest =
                alerts.stream().max(Comparator.comparing(ReceivedAlert::windowStart)).orElseThrow();
        Instant first =
                alerts.stream().map(ReceivedAlert::windowStart).min(Instant::compareTo).get();
        List<String> lines = new ArrayList<>();
        if (alerts.size() > 1) {
            lines.add(
                    "Grouped: "
                            + alerts.size()
                            + " alerts for this edge and verdict, windows from "
                            + TIME.format(first)
                            + " to "
                            + TIME.format(newest.windowStart())
                            + " UTC");
        }
        lines.add(evidence(newest));
        if (!newest.kernel().processNames().isEmpty()) {
            lines.add("Processes: " + String.join(", ", newest.kernel().processNames()));
        }
        if (newest.reason() != null && !newest.reason().isBlank()) {
            lines.add("Why: " + newest.reason());
        }
        lines.add(
                "To do: "
                        + (newest.recommendation() != null
                                ? newest.recommendation()
                                : suggestion(newest)));
        String title = happened(newest);
        if (alerts.size() > 1) {
            title = title + " (" + alerts.size() + " alerts)";
        }
        Severity severity = alerts.stream().map(ReceivedAlert::severity).max(Enum::compareTo).get();
        return new ChatMessage(title, lines, severity, ids(alerts));
    }

    /**
     * One message for a burst: one line per group, most severe first, the rest counted.
     *
     * @param groups the burst's groups, each the alerts of one edge and verdict
     * @param rateLimit the destination's messages per minute, named in the title
     */
    static ChatMessage digest(List<List<ReceivedAlert>> groups, int rateLimit) {
        List<List<ReceivedAlert>> sorted = new ArrayList<>(groups);
        sorted.sort(
                Comparator.comparing((List<ReceivedAlert> g) -> maxSeverity(g))
                        .reversed()
                        .thenComparing(g -> g.get(0).groupKey()));
        List<ReceivedAlert> all = new ArrayList<>();
        groups.forEach(all::addAll);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < sorted.size() && i < DIGEST_LINES; i++) {
            List<ReceivedAlert> group = sorted.get(i);
            ReceivedAlert alert = group.get(0);
            lines.add(
                    maxSeverity(group).name()
                            + " "
                            + alert.verdict().name()
                            + ": "
                            + alert.source().display()
                            + " -> "
                            + alert.destination().display()
                            + " on "
                            + alert.protocol()
                            + "/"
                            + alert.port()
                            + (group.size() > 1 ? " (" + group.size() + " alerts)" : ""));
        }
        if (sorted.size() > DIGEST_LINES) {
            lines.add("... and " + (sorted.size() - DIGEST_LINES) + " more edges");
        }
        lines.add(
                "Each alert is in tandem.alerts; tandem analyze and tandem recommend show the"
                        + " evidence and the policies.");
        Severity severity = all.stream().map(ReceivedAlert::severity).max(Enum::compareTo).get();
        return new ChatMessage(
                "Digest: "
                        + all.size()
                        + " alerts on "
                        + groups.size()
                        + " edges arrived faster than this channel's limit of "
                        + rateLimit
                        + " messages a minute",
                lines,
                severity,
                ids(all));
    }

    /** Who talked to whom, on which port, and which layer was bypassed. */
    static String happened(ReceivedAlert alert) {
        String source = describe(alert.source());
        String destination = describe(alert.destination());
        String port = alert.protocol() + "/" + alert.port();
        switch (alert.verdict()) {
            case BYPASS_INGRESS:
                return "Sidecar bypass (ingress): "
                        + source
                        + " reached "
                        + destination
                        + " on "
                        + port
                        + "; the kernel let it in, the destination's sidecar never saw it";
            case BYPASS_EGRESS:
                return "Sidecar bypass (egress): "
                        + source
                        + " sent traffic to "
                        + destination
                        + " on "
                        + port
                        + "; the kernel saw it leave, the source's sidecar never sent it";
            case PLAINTEXT:
                return "Plaintext: "
                        + source
                        + " called "
                        + destination
                        + " on "
                        + port
                        + " without mTLS; the caller's identity is unproven";
            case DENIED:
                return "Denied: the kernel layer blocked "
                        + source
                        + " from reaching "
                        + destination
                        + " on "
                        + port;
            default:
                return alert.verdict().name()
                        + ": "
                        + source
                        + " to "
                        + destination
                        + " on "
                        + port;
        }
    }

    /** Kernel and proxy counts, the window and the confidence. */
    static String evidence(ReceivedAlert alert) {
        ReceivedAlert.Kernel k = alert.kernel();
        ReceivedAlert.Proxy p = alert.proxy();
        return String.format(
                Locale.ROOT,
                "Evidence: kernel %d flows (%d reported by the source, %d by the destination),"
                        + " %d connections, %d bytes, %d allowed, %d denied; proxy %d outbound,"
                        + " %d inbound (%d mTLS, %d plaintext); window %s-%s UTC; confidence %.2f",
                k.sourceReportedFlows() + k.destinationReportedFlows(),
                k.sourceReportedFlows(),
                k.destinationReportedFlows(),
                k.connectionsStarted(),
                k.bytes(),
                k.allowedFlows(),
                k.deniedFlows(),
                p.outboundRequests(),
                p.inboundRequests(),
                p.mutualTlsRequests(),
                p.plaintextRequests(),
                TIME.format(alert.windowStart()),
                CLOCK.format(alert.windowEnd()),
                alert.confidence());
    }

    /** What to do when the record carries no recommendation of its own. */
    static String suggestion(ReceivedAlert alert) {
        String source = alert.source().display();
        String destination = alert.destination().display();
        Verdict verdict = alert.verdict();
        switch (verdict) {
            case BYPASS_INGRESS:
                return "allow ingress to "
                        + destination
                        + " on port "
                        + alert.port()
                        + " only from its observed callers in a Calico NetworkPolicy, and make its"
                        + " PeerAuthentication STRICT ('tandem recommend' writes both)";
            case BYPASS_EGRESS:
                return "limit egress from "
                        + source
                        + " to its observed destinations in a Calico NetworkPolicy, so only"
                        + " traffic through the sidecar leaves ('tandem recommend' writes it);"
                        + " find what in the pod opened the connection";
            case PLAINTEXT:
                return "make "
                        + destination
                        + "'s PeerAuthentication STRICT once every caller uses mTLS ('tandem"
                        + " recommend' lists the plaintext callers)";
            case DENIED:
                return "nothing to block, the kernel layer denied it; if the traffic is"
                        + " legitimate, 'tandem recommend' shows the rule that would allow it";
            default:
                return "review the edge in 'tandem recommend''s report";
        }
    }

    private static String describe(ReceivedAlert.Peer peer) {
        String kind = "workload".equals(peer.kind()) ? "" : " (" + peer.kind() + ")";
        return peer.display() + kind;
    }

    private static Severity maxSeverity(List<ReceivedAlert> group) {
        return group.stream().map(ReceivedAlert::severity).max(Enum::compareTo).get();
    }

    private static List<String> ids(List<ReceivedAlert> alerts) {
        List<String> ids = new ArrayList<>(alerts.size());
        alerts.forEach(a -> ids.add(a.alertId()));
        return ids;
    }
}
