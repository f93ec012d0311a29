package dev.tandem.bench;

import dev.tandem.ingest.detect.LogKind;
import dev.tandem.ingest.detect.LogStreamDecoder;
import dev.tandem.ingest.io.BoundedLineReader;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.ingest.model.ProxyRequest;
import dev.tandem.jobs.correlate.CorrelateSettings;
import dev.tandem.jobs.correlate.EdgeEvidence;
import dev.tandem.jobs.correlate.EdgeWindowBuilder;
import dev.tandem.jobs.correlate.RawLine;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.runtime.state.storage.JobManagerCheckpointStorage;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * Keyed state per active edge: drives {@link EdgeWindowBuilder}, the job's one keyed operator, with
 * N distinct edges whose windows are all open (the watermark never moves, so nothing fires), takes
 * a checkpoint snapshot with the HashMap state backend (the default) and divides its size by N.
 *
 * <p>The snapshot is Flink's own: Flink's operator test harness runs the real operator with the
 * real state backend and returns the {@link OperatorSubtaskState} a checkpoint would store; its
 * size is the sum of the serialized state handles (the window map, the event-time timers and the
 * key-group offsets). Each edge gets what a busy edge gets in one window: a {@code src}- and a
 * {@code dst}-reported flow and two requests seen by both sidecars, decoded from the benchmark's
 * own lines; the endpoints are real pods of the simulated cluster (labels, service account).
 */
final class EdgeStateSize {
    /** The state of N open edges. */
    record Result(int edges, long stateBytes, long managedKeyedBytes) {
        double bytesPerEdge() {
            return stateBytes / (double) edges;
        }
    }

    private EdgeStateSize() {}

    static Result measure(int edges) throws Exception {
        // Enough workloads that their pairs outnumber the edges (about records / 54 workloads).
        int records = Math.max(2_000, (int) (65 * Math.sqrt(edges)));
        CorrelateWorkload cluster =
                CorrelateWorkload.generate(7L, records, 3, CorrelateWorkload.ProxyFormat.JSON);
        List<KernelFlow> flows = decode(cluster.flows(), KernelFlow.class);
        List<ProxyRequest> requests = decode(cluster.proxyJson(), ProxyRequest.class);
        List<EndpointRef> endpoints = new ArrayList<>();
        for (PodRecord pod : cluster.inventory()) {
            if (!endpoints.isEmpty()
                    && endpoints.get(endpoints.size() - 1).workload().equals(pod.workload())) {
                continue; // one endpoint per workload: the edge key is by workload
            }
            endpoints.add(
                    new EndpointRef(
                            pod.namespace(),
                            pod.workload(),
                            EndpointKind.WORKLOAD,
                            pod.labels(),
                            pod.sidecarPresent(),
                            pod.serviceAccount()));
        }

        try (KeyedOneInputStreamOperatorTestHarness<String, EdgeEvidence, EdgeWindow> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new EdgeWindowBuilder(CorrelateSettings.defaults())),
                        (KeySelector<EdgeEvidence, String>) EdgeEvidence::edgeKey,
                        Types.STRING)) {
            harness.setStateBackend(new HashMapStateBackend());
            // In memory, like the default, but without its 5 MB cap: the bytes are what we count.
            harness.setCheckpointStorage(new JobManagerCheckpointStorage(Integer.MAX_VALUE));
            harness.open();
            int n = endpoints.size();
            for (int e = 0; e < edges; e++) {
                // Distinct (source, destination, port) triples over the simulated cluster's pods.
                EndpointRef source = endpoints.get(e % n);
                EndpointRef destination = endpoints.get((e / n + 1 + e % n) % n);
                int port = 8000 + e / (n * n);
                for (int k = 0; k < 2; k++) {
                    KernelFlow flow = flows.get((2 * e + k) % flows.size());
                    add(
                            harness,
                            new EdgeEvidence(
                                    source,
                                    destination,
                                    port,
                                    "tcp",
                                    flow.start(),
                                    flow,
                                    null,
                                    false));
                }
                for (int k = 0; k < 4; k++) {
                    ProxyRequest request = requests.get((4 * e + k) % requests.size());
                    add(
                            harness,
                            new EdgeEvidence(
                                    source,
                                    destination,
                                    port,
                                    "tcp",
                                    CorrelateWorkload.T0.plusSeconds(k),
                                    null,
                                    request,
                                    k % 2 == 0));
                }
            }
            if (harness.numKeyedStateEntries() != edges) {
                throw new IllegalStateException(
                        "expected "
                                + edges
                                + " open windows, found "
                                + harness.numKeyedStateEntries());
            }
            OperatorSubtaskState snapshot = harness.snapshot(1L, 1L);
            long managed =
                    snapshot.getManagedKeyedState().stream()
                            .mapToLong(handle -> handle.getStateSize())
                            .sum();
            return new Result(edges, snapshot.getStateSize(), managed);
        }
    }

    private static void add(
            KeyedOneInputStreamOperatorTestHarness<String, EdgeEvidence, EdgeWindow> harness,
            EdgeEvidence evidence)
            throws Exception {
        harness.processElement(evidence, evidence.eventTime().toEpochMilli());
    }

    private static <T extends Evidence> List<T> decode(List<RawLine> lines, Class<T> type) {
        List<T> out = new ArrayList<>();
        LogStreamDecoder decoder = new LogStreamDecoder(LogKind.AUTO, "state-size");
        for (RawLine line : lines) {
            decoder.accept(
                    new BoundedLineReader.Line(
                            line.bytes(), line.bytes().length, line.position(), line.fullLength()),
                    decoded -> {
                        if (decoded.isOk() && type.isInstance(decoded.value())) {
                            out.add(type.cast(decoded.value()));
                        }
                    });
        }
        if (out.isEmpty()) {
            throw new IllegalStateException("no " + type.getSimpleName() + " decoded");
        }
        return out;
    }
}
