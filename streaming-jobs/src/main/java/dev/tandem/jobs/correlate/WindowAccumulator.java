package dev.tandem.jobs.correlate;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowCounters;
import dev.tandem.ingest.model.FlowReporter;
import dev.tandem.ingest.model.KernelEvidence;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.PolicyHit;
import dev.tandem.ingest.model.ProxyEvidence;
import dev.tandem.ingest.model.ProxyRequest;
import dev.tandem.jobs.correlate.serialization.Wire;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The evidence of one edge in one window, as it accumulates: counters and small sorted sets. Every
 * set and map is bounded ({@link #MAX_ENTRIES}), so a window costs bounded state however much
 * traffic the edge carries; names beyond the bound are counted under {@link #OTHER}.
 */
final class WindowAccumulator {
    static final int MAX_ENTRIES = 64;
    static final String OTHER = EdgeWindow.OTHER;

    private EndpointRef source;
    private EndpointRef destination;
    private int port;
    private String protocol;
    private boolean fired;

    private long sourceReportedFlows;
    private long destinationReportedFlows;
    private long connectionsStarted;
    private long bytes;
    private long packets;
    private long allowedFlows;
    private long deniedFlows;
    // Per side, because one connection is reported by both nodes: allowed out, denied in.
    private long sourceAllowedFlows;
    private long destinationAllowedFlows;
    private final TreeSet<String> processNames = new TreeSet<>();
    // Only the source node's reports name the process that sent the traffic; a destination
    // node's report names the process that received it (istiod's pilot-discovery, CoreDNS).
    private final TreeSet<String> sendingProcessNames = new TreeSet<>();
    private final TreeSet<String> policies = new TreeSet<>();
    // For OpenConnectionHold: Calico's connection counters summed over every flow report (both
    // sides' reports of one connection add up alike, so the comparisons below still hold).
    private long connectionsActive;
    private long connectionsCompleted;
    private boolean connectionCountsMissing;
    private boolean held;

    private long outboundRequests;
    private long inboundRequests;
    private long mutualTlsRequests;
    private long plaintextRequests;
    // One request is often logged by both sidecars: L7 counts come from one side, not both.
    private final L7Counts outboundL7 = new L7Counts();
    private final L7Counts inboundL7 = new L7Counts();
    private final TreeSet<String> peerPrincipals = new TreeSet<>();
    private final TreeSet<String> authorities = new TreeSet<>();

    void add(EdgeEvidence evidence) {
        source = merge(source, evidence.source());
        destination = merge(destination, evidence.destination());
        port = evidence.port();
        protocol = evidence.protocol();
        if (evidence.kernel() != null) {
            addKernel(evidence.kernel());
        } else {
            addProxy(evidence.proxy(), evidence.outbound());
        }
    }

    private void addKernel(KernelFlow flow) {
        FlowCounters c = flow.counters();
        long flows = c == null ? 1 : Math.max(1, c.numFlows());
        boolean allowed = flow.action() != FlowAction.DENY;
        if (flow.reporters().contains(FlowReporter.SRC)) {
            sourceReportedFlows += flows;
            sourceAllowedFlows += allowed ? flows : 0;
        }
        if (flow.reporters().contains(FlowReporter.DST)
                || flow.reporters().contains(FlowReporter.FWD)) {
            destinationReportedFlows += flows;
            destinationAllowedFlows += allowed ? flows : 0;
        }
        if (c == null) {
            connectionCountsMissing = true;
        } else {
            connectionsActive += c.numFlows();
            connectionsCompleted += c.numFlowsCompleted();
            connectionsStarted += c.numFlowsStarted();
            bytes += c.bytesIn() + c.bytesOut();
            packets += c.packetsIn() + c.packetsOut();
        }
        switch (flow.action()) {
            case DENY:
                deniedFlows += flows;
                break;
            case ALLOW:
            default:
                allowedFlows += flows;
        }
        for (String process : flow.processNames()) {
            // Calico writes "*" when it aggregated several processes and "-" when it has none.
            if (!process.equals("*") && !process.equals("-")) {
                addBounded(processNames, process);
                if (flow.reporters().contains(FlowReporter.SRC)) {
                    addBounded(sendingProcessNames, process);
                }
            }
        }
        // Older Calico writes only all_policies; there, the non-staged hits are the enforced ones.
        List<PolicyHit> decided =
                flow.policies().enforced().isEmpty()
                        ? flow.policies().all()
                        : flow.policies().enforced();
        for (PolicyHit hit : decided) {
            if (!hit.staged()) {
                addBounded(policies, hit.tier() + "|" + hit.name() + "|" + hit.action());
            }
        }
    }

    private void addProxy(ProxyRequest request, boolean outbound) {
        if (outbound) {
            outboundRequests++;
            outboundL7.add(request);
        } else {
            inboundL7.add(request);
            inboundRequests++;
            if (request.mutualTlsSeen()) {
                mutualTlsRequests++;
            } else {
                plaintextRequests++;
            }
            if (request.peerSpiffeId() != null) {
                addBounded(peerPrincipals, request.peerSpiffeId());
            }
        }
        String authority =
                request.authority() != null ? request.authority() : request.requestedServerName();
        if (authority != null) {
            addBounded(authorities, authority);
        }
    }

    EndpointRef source() {
        return source;
    }

    EndpointRef destination() {
        return destination;
    }

    int port() {
        return port;
    }

    String protocol() {
        return protocol;
    }

    boolean fired() {
        return fired;
    }

    void markFired() {
        fired = true;
    }

    /** Marks a window whose judgement waits for the lines of a connection still open. */
    void markHeld() {
        held = true;
    }

    /** Whether its judgement waited, past its slack, for an open connection's lines. */
    boolean wasHeld() {
        return held;
    }

    /**
     * Its kernel traffic is only connections that may still be unlogged by design: nothing
     * completed in it (all still open at its end), or nothing started in it (all opened before). A
     * window where one connection started and one completed may hold a short request, whose line is
     * due with the window, so it is not one of these; nor is a window with a denial or a flow
     * report without counters.
     */
    boolean onlyOpenConnections() {
        return countersKnown()
                && deniedFlows == 0
                && (connectionsCompleted == 0 || connectionsStarted == 0);
    }

    /** A connection it saw may still be open at its end. */
    boolean connectionOpenAtEnd() {
        return countersKnown()
                && (connectionsCompleted == 0 || connectionsActive > connectionsCompleted);
    }

    /** Some of its connections may have been opened in an earlier window. */
    boolean carriesConnections() {
        return countersKnown()
                && (connectionsStarted == 0 || connectionsActive > connectionsStarted);
    }

    private boolean countersKnown() {
        return kernelSeen() && !connectionCountsMissing;
    }

    boolean kernelSeen() {
        return sourceReportedFlows + destinationReportedFlows > 0;
    }

    long allowedFlows() {
        return allowedFlows;
    }

    long deniedFlows() {
        return deniedFlows;
    }

    /**
     * Flows the kernel let through to the destination: those its node allowed in, or, when only the
     * source's node reported the edge (an external peer, a node without Calico), those the source's
     * node allowed out. A connection allowed out but denied in never reached the application.
     */
    long deliveredFlows() {
        return destinationReportedFlows > 0 ? destinationAllowedFlows : sourceAllowedFlows;
    }

    long sourceReportedFlows() {
        return sourceReportedFlows;
    }

    long destinationReportedFlows() {
        return destinationReportedFlows;
    }

    long outboundRequests() {
        return outboundRequests;
    }

    long inboundRequests() {
        return inboundRequests;
    }

    long plaintextRequests() {
        return plaintextRequests;
    }

    /** The processes either node named: the sender's and the receiver's, for the evidence. */
    Set<String> processNames() {
        return processNames;
    }

    /** The processes the source's node named as sending this traffic: what the rules judge. */
    Set<String> sendingProcessNames() {
        return sendingProcessNames;
    }

    KernelEvidence kernel() {
        return new KernelEvidence(
                sourceReportedFlows,
                destinationReportedFlows,
                connectionsStarted,
                bytes,
                packets,
                allowedFlows,
                deniedFlows,
                new ArrayList<>(processNames),
                new ArrayList<>(policies));
    }

    /** L7 counts from the server's sidecar when it logged any, else from the client's. */
    ProxyEvidence proxy() {
        L7Counts l7 = inboundRequests > 0 ? inboundL7 : outboundL7;
        return new ProxyEvidence(
                outboundRequests,
                inboundRequests,
                mutualTlsRequests,
                plaintextRequests,
                l7.methods(),
                l7.paths(),
                l7.responseCodes(),
                new ArrayList<>(peerPrincipals),
                new ArrayList<>(authorities));
    }

    /**
     * Writes every field, for {@link WindowAccumulatorSerializer}: a field added to this class is
     * added here and in {@link #readFrom}, in the same place.
     */
    void writeTo(Wire wire, DataOutputView out) throws IOException {
        writeEndpoint(wire, source, out);
        writeEndpoint(wire, destination, out);
        out.writeInt(port);
        wire.writeString(protocol, out);
        out.writeBoolean(fired);
        out.writeBoolean(held);
        out.writeBoolean(connectionCountsMissing);
        for (long count :
                new long[] {
                    sourceReportedFlows,
                    destinationReportedFlows,
                    connectionsStarted,
                    bytes,
                    packets,
                    allowedFlows,
                    deniedFlows,
                    sourceAllowedFlows,
                    destinationAllowedFlows,
                    connectionsActive,
                    connectionsCompleted,
                    outboundRequests,
                    inboundRequests,
                    mutualTlsRequests,
                    plaintextRequests
                }) {
            Wire.writeVarlong(count, out);
        }
        wire.writeStrings(processNames, out);
        wire.writeStrings(sendingProcessNames, out);
        wire.writeStrings(policies, out);
        wire.writeStrings(peerPrincipals, out);
        wire.writeStrings(authorities, out);
        outboundL7.writeTo(wire, out);
        inboundL7.writeTo(wire, out);
    }

    /** Reads a window {@link #writeTo} wrote. */
    static WindowAccumulator readFrom(Wire wire, DataInputView in) throws IOException {
        WindowAccumulator w = new WindowAccumulator();
        w.source = readEndpoint(wire, in);
        w.destination = readEndpoint(wire, in);
        w.port = in.readInt();
        w.protocol = wire.readString(in);
        w.fired = in.readBoolean();
        w.held = in.readBoolean();
        w.connectionCountsMissing = in.readBoolean();
        w.sourceReportedFlows = Wire.readVarlong(in);
        w.destinationReportedFlows = Wire.readVarlong(in);
        w.connectionsStarted = Wire.readVarlong(in);
        w.bytes = Wire.readVarlong(in);
        w.packets = Wire.readVarlong(in);
        w.allowedFlows = Wire.readVarlong(in);
        w.deniedFlows = Wire.readVarlong(in);
        w.sourceAllowedFlows = Wire.readVarlong(in);
        w.destinationAllowedFlows = Wire.readVarlong(in);
        w.connectionsActive = Wire.readVarlong(in);
        w.connectionsCompleted = Wire.readVarlong(in);
        w.outboundRequests = Wire.readVarlong(in);
        w.inboundRequests = Wire.readVarlong(in);
        w.mutualTlsRequests = Wire.readVarlong(in);
        w.plaintextRequests = Wire.readVarlong(in);
        wire.readStrings(w.processNames, in);
        wire.readStrings(w.sendingProcessNames, in);
        wire.readStrings(w.policies, in);
        wire.readStrings(w.peerPrincipals, in);
        wire.readStrings(w.authorities, in);
        w.outboundL7.readFrom(wire, in);
        w.inboundL7.readFrom(wire, in);
        return w;
    }

    /** A window not yet added to has no endpoints. */
    private static void writeEndpoint(Wire wire, EndpointRef ref, DataOutputView out)
            throws IOException {
        out.writeBoolean(ref != null);
        if (ref != null) {
            wire.writeEndpoint(ref, out);
        }
    }

    private static EndpointRef readEndpoint(Wire wire, DataInputView in) throws IOException {
        return in.readBoolean() ? wire.readEndpoint(in) : null;
    }

    /**
     * The two layers describe one endpoint differently (Calico's labels, the inventory's service
     * account, a sidecar's own line proving it is meshed): keep the union of what they know.
     */
    static EndpointRef merge(EndpointRef known, EndpointRef seen) {
        if (known == null) {
            return seen;
        }
        boolean meshed = known.meshed() || seen.meshed();
        if (meshed == known.meshed()
                && (!known.labels().isEmpty() || seen.labels().isEmpty())
                && (known.serviceAccount() != null || seen.serviceAccount() == null)) {
            return known;
        }
        return new EndpointRef(
                known.namespace(),
                known.workload(),
                known.kind(),
                known.labels().isEmpty() ? seen.labels() : known.labels(),
                meshed,
                known.serviceAccount() != null ? known.serviceAccount() : seen.serviceAccount());
    }

    private static void addBounded(TreeSet<String> set, String value) {
        if (set.size() < MAX_ENTRIES || set.contains(value)) {
            set.add(value);
        }
    }
}
