package dev.tandem.jobs.correlate;

import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.model.FlowEndpoint;
import dev.tandem.ingest.model.HostPort;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.ProxyRequest;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Spreads evidence over the {@link EndpointResolver}'s subtasks by what identifies its endpoints
 * (addresses, names), in {@link #BUCKETS} buckets. The resolver is keyed only so that evidence
 * waiting for the inventory can sit in keyed state with an event-time timer; which bucket a record
 * lands in does not change how it resolves. The key is built from strings, never from an enum's or
 * object's identity hash, so it is the same in every JVM (a restored job finds its state).
 *
 * <p>The key is the {@link String#hashCode} of a string made of those fields (for a flow {@code
 * ip|name|namespace|} of each side and the port, for a proxy line {@code pod|remote|upstream}, with
 * {@code null} for a missing field), but computed from the fields' own hash codes without building
 * that string: it is done twice for every record (to pick the channel, again on arrival), and the
 * string was most of the cost. Keys must never change between builds: waiting evidence in a
 * savepoint is stored under them.
 *
 * <p>Public for the benchmark's keyed pass-through job, which shuffles by the same key.
 */
public final class ResolverKeySelector implements KeySelector<Evidence, Integer> {
    private static final long serialVersionUID = 1L;

    static final int BUCKETS = 128;

    @Override
    public Integer getKey(Evidence evidence) {
        int hash = 0;
        if (evidence instanceof KernelFlow flow) {
            hash = append(hash, flow.source());
            hash = append(hash, flow.destination());
            Integer port = flow.destinationPort();
            hash = port == null ? append(hash, (String) null) : append(hash, port.intValue());
        } else {
            ProxyRequest request = (ProxyRequest) evidence;
            hash = append(hash, request.pod() == null ? null : request.pod().pod());
            hash = append(hash, '|');
            hash = append(hash, request.downstreamRemoteAddress());
            hash = append(hash, '|');
            hash = append(hash, request.upstreamHost());
        }
        return Math.floorMod(hash, BUCKETS);
    }

    private static int append(int hash, FlowEndpoint side) {
        hash = append(hash, side.ip());
        hash = append(hash, '|');
        hash = append(hash, side.nameAggregate());
        hash = append(hash, '|');
        hash = append(hash, side.namespace());
        return append(hash, '|');
    }

    /** As {@code StringBuilder.append(HostPort)}: its {@code toString()}, or {@code null}. */
    private static int append(int hash, HostPort address) {
        if (address == null) {
            return append(hash, (String) null);
        }
        boolean bracketed = address.host().indexOf(':') >= 0;
        if (bracketed) {
            hash = append(hash, '[');
        }
        hash = append(hash, address.host());
        if (bracketed) {
            hash = append(hash, ']');
        }
        if (address.port() >= 0) {
            hash = append(hash, ':');
            hash = append(hash, address.port());
        }
        return hash;
    }

    private static int append(int hash, String value) {
        return StringHash.append(hash, value);
    }

    private static int append(int hash, char c) {
        return StringHash.append(hash, c);
    }

    private static int append(int hash, int value) {
        return StringHash.append(hash, value);
    }
}
