package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.archive.EdgeArchiveReader;
import dev.tandem.ingest.archive.TimeRange;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.Verdict;
import dev.tandem.jobs.analyze.AnalyzeRequest;
import dev.tandem.jobs.analyze.OfflineAnalyzer;
import dev.tandem.jobs.correlate.CorrelateSettings;
import dev.tandem.scenario.Injection;
import dev.tandem.scenario.LogFile;
import dev.tandem.scenario.ScenarioFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks an edge archive against what a scenario injected: each injected edge has its verdict in
 * exactly its windows, every Bookinfo edge is MEDIATED, the cluster's own traffic around the mesh
 * (clients into the gateway, DNS, istiod) has the verdict the rules give it, and nothing else is
 * anything but MEDIATED or UNMESHED.
 */
final class ScenarioVerdicts {
    private ScenarioVerdicts() {}

    /**
     * Runs {@code tandem analyze}'s job over the scenario's files into {@code out} and reads back
     * the edge archive it wrote.
     */
    static List<EdgeWindow> analyze(ScenarioFiles files, Path out) throws Exception {
        OfflineAnalyzer.run(
                new AnalyzeRequest(
                        paths(files, LogFile.Kind.FLOWS),
                        paths(files, LogFile.Kind.PROXY),
                        files.inventory(),
                        out,
                        CorrelateSettings.defaults()));
        return read(out.resolve("edges"));
    }

    private static List<Path> paths(ScenarioFiles files, LogFile.Kind kind) {
        return files.logs(kind).stream().map(LogFile::path).toList();
    }

    static List<EdgeWindow> read(Path archive) throws IOException {
        List<EdgeWindow> windows = new ArrayList<>();
        new EdgeArchiveReader(archive).forEach(TimeRange.all(), windows::add);
        return windows;
    }

    /** {@code VERDICT src -> dst:port WINDOW} of every window that is a finding, sorted. */
    static Set<String> findings(List<EdgeWindow> windows) {
        Set<String> out = new TreeSet<>();
        for (EdgeWindow w : windows) {
            if (w.verdict() != Verdict.MEDIATED && w.verdict() != Verdict.UNMESHED) {
                out.add(w.verdict() + " " + edge(w) + " " + w.windowStart());
            }
        }
        return out;
    }

    static Set<String> expected(List<Injection> injections) {
        Set<String> out = new TreeSet<>();
        for (Injection injection : injections) {
            for (var window : injection.windows()) {
                out.add(injection.verdict() + " " + injection.edge() + " " + window);
            }
        }
        return out;
    }

    static void assertMatches(List<EdgeWindow> windows, List<Injection> injections) {
        assertThat(windows).isNotEmpty();
        assertThat(findings(windows)).containsExactlyElementsOf(expected(injections));
        List<EdgeWindow> bookinfo =
                windows.stream()
                        .filter(w -> isBookinfo(w.source()) && isBookinfo(w.destination()))
                        .toList();
        assertThat(bookinfo)
                .extracting(ScenarioVerdicts::edge)
                .contains(
                        "istio-system/istio-ingressgateway -> bookinfo/productpage-v1:9080",
                        "bookinfo/productpage-v1 -> bookinfo/details-v1:9080",
                        "bookinfo/productpage-v1 -> bookinfo/reviews-v1:9080",
                        "bookinfo/productpage-v1 -> bookinfo/reviews-v2:9080",
                        "bookinfo/productpage-v1 -> bookinfo/reviews-v3:9080",
                        "bookinfo/reviews-v2 -> bookinfo/ratings-v1:9080",
                        "bookinfo/reviews-v3 -> bookinfo/ratings-v1:9080");
        assertThat(bookinfo)
                .allSatisfy(
                        w ->
                                assertThat(w.verdict() + " " + w.confidence())
                                        .as(edge(w) + " " + w.windowStart() + " " + w.reason())
                                        .isEqualTo("MEDIATED 1.0"));
        assertClusterTraffic(windows);
    }

    /**
     * Clients into the gateway's listener, meshed pods' DNS and their agents' streams to istiod:
     * every window of each has one verdict, the one docs/correlation.md gives it.
     */
    private static void assertClusterTraffic(List<EdgeWindow> windows) {
        Set<String> seen = new TreeSet<>();
        for (EdgeWindow w : windows) {
            String expected = expectedAroundTheMesh(w);
            if (expected != null) {
                seen.add(expected);
                assertThat(w.verdict() + " " + w.confidence())
                        .as(edge(w) + "/" + w.protocol() + " " + w.windowStart() + " " + w.reason())
                        .isEqualTo(expected.substring(expected.indexOf(": ") + 2));
            }
        }
        assertThat(seen)
                .containsExactly(
                        "client -> gateway:8080: MEDIATED 1.0",
                        "meshed -> coredns:53/tcp: MEDIATED 1.0",
                        "meshed -> coredns:53/udp: UNMESHED 1.0",
                        "meshed -> istiod:15012: MEDIATED 1.0");
    }

    /** {@code kind: VERDICT confidence} for a window of the traffic around the mesh, else null. */
    private static String expectedAroundTheMesh(EdgeWindow w) {
        EndpointRef source = w.source();
        String destination = w.destination().workload();
        if (source.kind() == EndpointKind.EXTERNAL
                && destination.equals("istio-ingressgateway")
                && w.port() == 8080) {
            return "client -> gateway:8080: MEDIATED 1.0";
        }
        if (!source.meshed()) {
            return null;
        }
        if (destination.equals("coredns") && w.port() == 53) {
            // UDP goes around the sidecar (Istio captures no DNS by default); TCP is intercepted.
            return w.protocol().equals("udp")
                    ? "meshed -> coredns:53/udp: UNMESHED 1.0"
                    : "meshed -> coredns:53/tcp: MEDIATED 1.0";
        }
        if (destination.equals("istiod") && w.port() == 15012) {
            return "meshed -> istiod:15012: MEDIATED 1.0";
        }
        return null;
    }

    static String edge(EdgeWindow w) {
        return side(w.source()) + " -> " + side(w.destination()) + ":" + w.port();
    }

    private static String side(EndpointRef ref) {
        return (ref.namespace() == null ? "" : ref.namespace() + "/") + ref.workload();
    }

    private static boolean isBookinfo(EndpointRef ref) {
        return ref.namespace() != null
                && (ref.namespace().startsWith("bookinfo")
                        || ref.workload().equals("istio-ingressgateway"));
    }
}
