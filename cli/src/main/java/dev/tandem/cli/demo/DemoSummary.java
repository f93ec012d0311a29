package dev.tandem.cli.demo;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.Verdict;
import dev.tandem.recommender.RecommendResult;
import dev.tandem.scenario.Injection;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The demo's result in three lines: what was judged, what was found (and whether it is what the
 * scenario injected), and what policy came out.
 *
 * @param windows edge windows judged (the archive's)
 * @param edges distinct edges among them
 * @param verdicts windows per verdict
 * @param injectedFound injected anomalies found in every one of their windows
 * @param injected anomalies the scenario injected
 * @param unexpected findings on no injected edge and window
 * @param policyFiles policy files written
 * @param l4Rules L3/L4 rules
 * @param l7Policies Istio policies
 * @param needsReview edges left for a person
 */
public record DemoSummary(
        long windows,
        int edges,
        Map<Verdict, Long> verdicts,
        int injectedFound,
        int injected,
        int unexpected,
        long policyFiles,
        int l4Rules,
        int l7Policies,
        int needsReview) {
    private static final List<Verdict> FINDINGS =
            List.of(
                    Verdict.BYPASS_EGRESS,
                    Verdict.BYPASS_INGRESS,
                    Verdict.PLAINTEXT,
                    Verdict.DENIED);

    public static DemoSummary of(
            List<EdgeWindow> windows, List<Injection> injections, RecommendResult recommended) {
        Map<Verdict, Long> verdicts = new EnumMap<>(Verdict.class);
        Set<String> edges = new HashSet<>();
        Set<String> found = new TreeSet<>();
        for (EdgeWindow w : windows) {
            verdicts.merge(w.verdict(), 1L, Long::sum);
            String edge = edge(w.source(), w.destination(), w.port());
            edges.add(edge + "/" + w.protocol());
            if (FINDINGS.contains(w.verdict())) {
                found.add(w.verdict() + " " + edge + " " + w.windowStart());
            }
        }
        int injectedFound = 0;
        Set<String> expected = new TreeSet<>();
        for (Injection injection : injections) {
            boolean all = true;
            for (var window : injection.windows()) {
                String key = injection.verdict() + " " + injection.edge() + " " + window;
                expected.add(key);
                all &= found.contains(key);
            }
            injectedFound += all ? 1 : 0;
        }
        Set<String> unexpected = new TreeSet<>(found);
        unexpected.removeAll(expected);
        long policyFiles =
                recommended.files().stream().filter(f -> f.startsWith(Path.of("policies"))).count();
        return new DemoSummary(
                windows.size(),
                edges.size(),
                verdicts,
                injectedFound,
                injections.size(),
                unexpected.size(),
                policyFiles,
                recommended.l4Rules(),
                recommended.l7Policies(),
                recommended.needsReview());
    }

    public long findings() {
        return FINDINGS.stream().mapToLong(v -> verdicts.getOrDefault(v, 0L)).sum();
    }

    /** The three lines. */
    public List<String> lines() {
        return List.of(
                "Judged "
                        + windows
                        + " edge windows on "
                        + edges
                        + " edges: "
                        + count(Verdict.MEDIATED)
                        + " MEDIATED, "
                        + count(Verdict.UNMESHED)
                        + " UNMESHED.",
                "Found "
                        + findings()
                        + " findings: "
                        + count(Verdict.BYPASS_EGRESS)
                        + " BYPASS_EGRESS, "
                        + count(Verdict.BYPASS_INGRESS)
                        + " BYPASS_INGRESS, "
                        + count(Verdict.PLAINTEXT)
                        + " PLAINTEXT, "
                        + count(Verdict.DENIED)
                        + " DENIED; "
                        + injectedFound
                        + " of "
                        + injected
                        + " injected anomalies caught"
                        + (unexpected == 0
                                ? ", nothing else."
                                : ", " + unexpected + " other findings."),
                "Wrote "
                        + policyFiles
                        + " policy files ("
                        + l4Rules
                        + " L3/L4 rules, "
                        + l7Policies
                        + " Istio policies); "
                        + needsReview
                        + " edges need review.");
    }

    private long count(Verdict verdict) {
        return verdicts.getOrDefault(verdict, 0L);
    }

    private static String edge(EndpointRef source, EndpointRef destination, int port) {
        return side(source) + " -> " + side(destination) + ":" + port;
    }

    private static String side(EndpointRef ref) {
        return (ref.namespace() == null ? "" : ref.namespace() + "/") + ref.workload();
    }
}
