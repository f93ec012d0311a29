package dev.tandem.scenario;

import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Generates a scenario's traffic interval by interval: Bookinfo's page views in every copy ({@link
 * BookinfoTraffic}), the meshed pods' DNS and control-plane streams ({@link MeshBackground}), the
 * cluster's background ({@link Background}) and, in the first copy, the injected {@link Anomalies}.
 * Everything random comes from one {@link Random}, drawn in this fixed order: the same seed gives
 * the same traffic.
 */
final class Traffic {
    private final ScenarioSpec spec;
    private final Cluster cluster;
    private final TrafficRecorder recorder;
    private final BookinfoTraffic bookinfo;
    private final Background background;
    private final MeshBackground mesh;
    private final Anomalies anomalies;

    Traffic(ScenarioSpec spec, Cluster cluster, Random random) {
        this.spec = spec;
        this.cluster = cluster;
        this.recorder = new TrafficRecorder(cluster, random);
        this.bookinfo = new BookinfoTraffic(recorder);
        this.background = new Background(recorder);
        this.mesh = new MeshBackground(recorder);
        this.anomalies = new Anomalies(spec, recorder);
    }

    void run() {
        List<Instant> plaintextWindows = new ArrayList<>();
        for (int i = 0; i < spec.intervals(); i++) {
            Instant start = spec.start().plus(ScenarioSpec.INTERVAL.multipliedBy(i));
            for (int c = 0; c < cluster.copies.size(); c++) {
                Cluster.Copy copy = cluster.copies.get(c);
                int views = bookinfo.pageViews(start);
                for (int v = 0; v < views; v++) {
                    bookinfo.pageView(copy, cluster.gateways.get(c), start);
                }
                mesh.dns(copy, start, i, views);
            }
            background.add(start);
            mesh.controlPlane(start, i);
            Cluster.Copy first = cluster.copies.get(0);
            if (i == anomalies.egressAt || i == anomalies.egressAt + 1) {
                anomalies.exfiltration(first, start);
            }
            if (i == anomalies.ingressAt || i == anomalies.ingressAt + 1) {
                anomalies.debugger(first, start);
            }
            if (i == anomalies.deniedAt) {
                anomalies.deniedProbe(first, start);
            }
            if (i == anomalies.ingressDeniedAt) {
                anomalies.ingressDeniedProbe(first, start);
            }
            if (start.atZone(ZoneOffset.UTC).getMinute() == 5) {
                anomalies.batchJob(first, start);
                plaintextWindows.add(start);
            }
        }
        anomalies.record(plaintextWindows);
    }

    KernelTally kernel() {
        return recorder.kernel;
    }

    ProxyLogs proxy() {
        return recorder.proxy;
    }

    List<Injection> injections() {
        return anomalies.injections();
    }

    long requests() {
        return recorder.requests();
    }
}
