package dev.tandem.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums connections into the records Calico writes: one per flush interval, reporter, endpoint pair,
 * port, protocol, action and process (aggregation level 1: source ports dropped, addresses and
 * names kept). A flow is reported by the source's node when the source is a pod, and by the
 * destination's node when the destination is a pod and the source's policy let the packets out (a
 * deny at the destination's ingress is reported by both: allowed out, denied in).
 */
final class KernelTally {
    /** One record's identity and counters. */
    static final class Entry {
        final KernelFlow flow;
        final boolean sourceReport;
        long connections;
        long requestBytes;
        long responseBytes;

        Entry(KernelFlow flow, boolean sourceReport) {
            this.flow = flow;
            this.sourceReport = sourceReport;
        }

        /** Whether this node's policy dropped the flow. */
        boolean denied() {
            return flow.denial() != null && flow.denial().deniedBy(sourceReport);
        }

        /** The node whose Felix writes this record. */
        Node reportingNode() {
            return sourceReport ? flow.source().node() : flow.destination().node();
        }
    }

    private final Map<String, Entry> entries = new TreeMap<>();

    void add(KernelFlow flow) {
        if (flow.source().type().equals("wep")) {
            add(flow, true);
        }
        boolean leftTheSource = flow.denial() == null || flow.denial().atDestination();
        if (flow.destination().type().equals("wep") && leftTheSource) {
            add(flow, false);
        }
    }

    private void add(KernelFlow flow, boolean sourceReport) {
        String key =
                flow.intervalStart()
                        + "|"
                        + (sourceReport ? "src" : "dst")
                        + "|"
                        + flow.source().id()
                        + "|"
                        + flow.destination().id()
                        + "|"
                        + flow.port()
                        + "|"
                        + flow.protocol()
                        + "|"
                        + (flow.denial() != null && flow.denial().deniedBy(sourceReport)
                                ? "deny"
                                : "allow");
        Entry entry = entries.computeIfAbsent(key, k -> new Entry(flow, sourceReport));
        entry.connections += flow.connections();
        entry.requestBytes += flow.requestBytes();
        entry.responseBytes += flow.responseBytes();
    }

    /** Every record, in interval order (then by key): the order Felix flushes them in. */
    List<Entry> entries() {
        return new ArrayList<>(entries.values());
    }
}
