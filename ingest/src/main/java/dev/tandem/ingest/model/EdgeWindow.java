package dev.tandem.ingest.model;

import java.time.Instant;
import java.util.Objects;

/**
 * One edge in one event-time window with the evidence of both layers and the verdict: the unit the
 * correlate job emits to {@code tandem.edges} and the Parquet archive, and the recommender reads.
 * An edge is {@code (source, destination, port, protocol)}.
 *
 * @param source the calling endpoint
 * @param destination the called endpoint
 * @param port the destination port
 * @param protocol {@code tcp}, {@code udp}, ... lower case
 * @param windowStart inclusive start of the window (aligned to the flow-log interval)
 * @param windowEnd exclusive end of the window
 * @param kernel what the kernel layer saw, never null
 * @param proxy what the proxy layer saw, never null
 * @param verdict the conclusion
 * @param confidence how sure the verdict is, from 0 to 1
 * @param reason one sentence saying why, for people
 */
public record EdgeWindow(
        EndpointRef source,
        EndpointRef destination,
        int port,
        String protocol,
        Instant windowStart,
        Instant windowEnd,
        KernelEvidence kernel,
        ProxyEvidence proxy,
        Verdict verdict,
        double confidence,
        String reason) {
    /**
     * The name under which a window counts the methods, paths, process names and the like beyond
     * the ones it keeps by name (its state is bounded): which ones they were is not known.
     */
    public static final String OTHER = "(other)";

    public EdgeWindow {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(windowStart, "windowStart");
        Objects.requireNonNull(windowEnd, "windowEnd");
        Objects.requireNonNull(verdict, "verdict");
        kernel = kernel == null ? KernelEvidence.none() : kernel;
        proxy = proxy == null ? ProxyEvidence.none() : proxy;
        if (confidence < 0 || confidence > 1 || Double.isNaN(confidence)) {
            throw new IllegalArgumentException("confidence must be within [0, 1]: " + confidence);
        }
    }
}
