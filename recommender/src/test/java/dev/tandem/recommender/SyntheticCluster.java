package dev.tandem.recommender;

import static dev.tandem.recommender.Edges.T0;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A cluster at real scale for the report's bounds, from a seeded random so every run is the same
 * (the recommend benchmark's shape, smaller: one window per edge). Workloads are spread over
 * namespaces, nine in ten with a sidecar; each calls three others (two in its own namespace); one
 * edge in ten bypasses the sidecar, one in ten is denied.
 */
final class SyntheticCluster {
    private SyntheticCluster() {}

    static List<EdgeWindow> windows(int workloads, int namespaces, long seed) {
        Random random = new Random(seed);
        List<EndpointRef> refs = new ArrayList<>(workloads);
        for (int i = 0; i < workloads; i++) {
            String ns = "team-" + (i % namespaces);
            String name = "svc-" + (i / namespaces);
            refs.add(
                    random.nextInt(10) != 0
                            ? Edges.meshed(ns, name, name + "-sa", "app", name)
                            : Edges.plain(ns, name, name + "-sa", "app", name));
        }
        int perNamespace = workloads / namespaces;
        List<EdgeWindow> windows = new ArrayList<>();
        for (int i = 0; i < workloads; i++) {
            EndpointRef from = refs.get(i);
            for (int c = 0; c < 3; c++) {
                int target =
                        c < 2
                                ? i % namespaces + namespaces * random.nextInt(perNamespace)
                                : random.nextInt(workloads);
                if (target == i) {
                    target = (i + 1) % workloads;
                }
                EndpointRef to = refs.get(target);
                int roll = random.nextInt(10);
                int port = 8080 + c;
                if (roll == 0) {
                    windows.add(
                            Edges.kernelOnly(
                                    from,
                                    to,
                                    port,
                                    "tcp",
                                    T0,
                                    to.meshed() ? Verdict.BYPASS_INGRESS : Verdict.BYPASS_EGRESS));
                } else if (roll == 1) {
                    windows.add(Edges.kernelOnly(from, to, port, "tcp", T0, Verdict.DENIED));
                } else if (from.meshed() && to.meshed()) {
                    windows.add(
                            Edges.http(
                                    from,
                                    to,
                                    port,
                                    T0,
                                    Map.of("GET", 3L),
                                    Map.of("/api/v1/items/" + random.nextInt(100), 3L),
                                    3,
                                    0,
                                    Verdict.MEDIATED));
                } else {
                    windows.add(
                            Edges.kernelOnly(
                                    from,
                                    to,
                                    port,
                                    "tcp",
                                    T0,
                                    from.meshed() || to.meshed()
                                            ? Verdict.PLAINTEXT
                                            : Verdict.UNMESHED));
                }
            }
        }
        return windows;
    }
}
