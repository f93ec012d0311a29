package dev.tandem.jobs.correlate;

import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.Verdict;
import java.io.Serializable;
import java.time.Instant;
import java.util.NavigableMap;

/**
 * Long connections in {@link EdgeWindowBuilder}: a gRPC stream or a long TCP connection is logged
 * by Envoy once, when it ends, and that line lands in the window of its <em>start</em>, while
 * Calico reports the connection in every flush interval it is open. Judged as usual, every window
 * of such a connection before its end, and the one it ends in, would be a bypass.
 *
 * <p>So a window whose judgement would be a bypass for want of sidecar lines, whose kernel traffic
 * is only connections still open or opened earlier ({@link WindowAccumulator#onlyOpenConnections})
 * and which has no sidecar line in it or a neighbour is <b>held</b>: not judged while the edge's
 * connection stays open. The windows of one connection form a chain, each carrying connections open
 * at the previous one's end. A held window is judged
 *
 * <ul>
 *   <li>MEDIATED (0.7, like a neighbour's lines) as soon as its chain, back to the window where the
 *       connection started, holds the lines the rules asked for (outbound from a meshed source,
 *       inbound at a meshed destination);
 *   <li>by the usual rules once the connection is seen closed and its window's slack has passed
 *       without them (closed: a window reports it completed, or the next flush interval has no
 *       report of the edge when its slack has passed);
 *   <li>by the usual rules at the latest {@link CorrelateSettings#maxHold} after its own slack.
 * </ul>
 *
 * <p>The rest of a chain is judged with the same coverage, so the window in which a logged stream
 * ends is MEDIATED too. To have the chain at hand, a judged window of a connection that was held
 * stays in state until the connection is seen closed, or until {@code maxHold} plus one window
 * after its slack: an edge holds at most {@code maxHold / window + 3} windows.
 *
 * <p>Pure: every method reads the edge's windows as a map from window start, oldest first.
 * Serializable because the window builder, which carries it, is shipped to the cluster.
 */
final class OpenConnectionHold implements Serializable {
    private static final long serialVersionUID = 1L;

    static final double CONFIDENCE = 0.7;

    private final long windowMillis;
    private final long slackMillis;
    private final long maxHoldMillis;

    OpenConnectionHold(CorrelateSettings settings) {
        this.windowMillis = settings.window().toMillis();
        this.slackMillis = settings.slack().toMillis();
        this.maxHoldMillis = settings.maxHold().toMillis();
    }

    /**
     * The judgement of the due window starting at {@code start}, or null while it is held. At the
     * end of the input nothing is held.
     */
    Judgement decide(
            NavigableMap<Long, WindowAccumulator> windows,
            long start,
            long now,
            boolean endOfInput) {
        WindowAccumulator window = windows.get(start);
        WindowAccumulator previous = windows.get(start - windowMillis);
        WindowAccumulator next = windows.get(start + windowMillis);
        Judgement rules = VerdictJudge.judge(window, window.port(), previous, next);
        if (!awaitsLines(rules, window)) {
            return rules;
        }
        long origin = coveringOrigin(windows, start, previous, next);
        if (origin != Long.MIN_VALUE) {
            return new Judgement(
                    Verdict.MEDIATED,
                    CONFIDENCE,
                    "a long connection, open since "
                            + Instant.ofEpochMilli(origin)
                            + ": its sidecars logged it when it ended, with its start");
        }
        boolean neighboursLogged = lines(previous) > 0 || lines(next) > 0;
        if (endOfInput || neighboursLogged || now >= recheckTime(windows, start)) {
            return rules;
        }
        return null;
    }

    /**
     * When a held window must be looked at again: when its connection is seen closed and the slack
     * has passed, or at its hold limit.
     */
    long recheckTime(NavigableMap<Long, WindowAccumulator> windows, long start) {
        return Math.min(releaseTime(windows, start), fireTime(start) + maxHoldMillis);
    }

    /**
     * Whether a judged window may leave state now: not while the next window waits for it as a
     * neighbour, nor after a held window, nor while it belongs to a held connection that may still
     * be logged; always once {@code maxHold} and a window have passed since its slack.
     */
    boolean mayDrop(NavigableMap<Long, WindowAccumulator> windows, long start, long now) {
        if (now >= fireTime(start) + maxHoldMillis + windowMillis) {
            return true;
        }
        WindowAccumulator next = windows.get(start + windowMillis);
        if (next != null && !next.fired()) {
            return false;
        }
        for (WindowAccumulator earlier : windows.headMap(start).values()) {
            if (!earlier.fired()) {
                return false; // held: its connection's windows tell when it closed
            }
        }
        return !onHeldOpenConnection(windows, start, now);
    }

    /**
     * A bypass only for want of sidecar lines (not a foreign process, which no line excuses), of
     * traffic that is only open connections, in a window without lines of its own.
     */
    private static boolean awaitsLines(Judgement rules, WindowAccumulator window) {
        boolean missingLines =
                rules.verdict() == Verdict.BYPASS_INGRESS
                        || (rules.verdict() == Verdict.BYPASS_EGRESS
                                && VerdictJudge.foreignProcess(window.sendingProcessNames())
                                        == null);
        return missingLines && window.onlyOpenConnections() && lines(window) == 0;
    }

    /**
     * The start of the earliest window of this window's chain that has lines, when the chain (with
     * the window's neighbours) has every line the rules asked for; else {@link Long#MIN_VALUE}.
     */
    private long coveringOrigin(
            NavigableMap<Long, WindowAccumulator> windows,
            long start,
            WindowAccumulator previous,
            WindowAccumulator next) {
        long outbound = outbound(previous) + outbound(next);
        long inbound = inbound(previous) + inbound(next);
        long origin = Long.MIN_VALUE;
        long at = start;
        WindowAccumulator window = windows.get(at);
        while (true) {
            outbound += window.outboundRequests();
            inbound += window.inboundRequests();
            if (lines(window) > 0) {
                origin = at;
            }
            WindowAccumulator before = windows.get(at - windowMillis);
            if (!window.carriesConnections() || before == null || !before.connectionOpenAtEnd()) {
                break;
            }
            at -= windowMillis;
            window = before;
        }
        WindowAccumulator judged = windows.get(start);
        EndpointRef source = judged.source();
        EndpointRef destination = judged.destination();
        boolean covered =
                (!source.meshed() || outbound > 0) && (!destination.meshed() || inbound > 0);
        return covered && origin != Long.MIN_VALUE ? origin : Long.MIN_VALUE;
    }

    /**
     * When the window's connection is seen closed and its window's slack has passed: the due time
     * of the first window, from this one on, in which it is not open at the end, or of the first
     * later window that has no report carrying it (Calico reports an open connection in every flush
     * interval).
     */
    private long releaseTime(NavigableMap<Long, WindowAccumulator> windows, long start) {
        if (!windows.get(start).connectionOpenAtEnd()) {
            return fireTime(start);
        }
        long at = start + windowMillis;
        WindowAccumulator window = windows.get(at);
        while (window != null && window.carriesConnections() && window.connectionOpenAtEnd()) {
            at += windowMillis;
            window = windows.get(at);
        }
        return fireTime(at);
    }

    /**
     * The window carries a connection, open at its end, that reaches a window still waiting (held,
     * or not due yet) or may still be reported, and some window on the way was held: its chain may
     * still be needed to judge that one.
     */
    private boolean onHeldOpenConnection(
            NavigableMap<Long, WindowAccumulator> windows, long start, long now) {
        boolean held = false;
        long at = start;
        WindowAccumulator window = windows.get(at);
        while (true) {
            held |= window.wasHeld();
            if (!window.fired()) {
                return held;
            }
            if (!window.connectionOpenAtEnd()) {
                return false;
            }
            WindowAccumulator next = windows.get(at + windowMillis);
            if (next == null) {
                return held && now < fireTime(at + windowMillis);
            }
            if (!next.carriesConnections()) {
                return false;
            }
            at += windowMillis;
            window = next;
        }
    }

    private long fireTime(long start) {
        return start + windowMillis + slackMillis;
    }

    private static long lines(WindowAccumulator window) {
        return outbound(window) + inbound(window);
    }

    private static long outbound(WindowAccumulator window) {
        return window == null ? 0 : window.outboundRequests();
    }

    private static long inbound(WindowAccumulator window) {
        return window == null ? 0 : window.inboundRequests();
    }
}
