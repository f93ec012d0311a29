package dev.tandem.jobs.correlate;

import dev.tandem.ingest.model.PodRecord;
import java.io.Serializable;
import java.util.List;
import java.util.Objects;

/**
 * The inputs of the correlate job.
 *
 * @param flows raw kernel flow log lines (Calico or Goldmane)
 * @param proxy raw proxy access log lines (Envoy, bare or in an envelope)
 * @param inventory the pods, with IP validity; use {@link #NO_INVENTORY} when there is none
 */
public record CorrelateSources(
        SourceBinding<RawLine> flows,
        SourceBinding<RawLine> proxy,
        SourceBinding<PodRecord> inventory)
        implements Serializable {
    /** No inventory: endpoints resolve from what the evidence itself carries. */
    public static final SourceBinding<PodRecord> NO_INVENTORY =
            SourceBinding.of(List.of(), ModelTypes.POD);

    public CorrelateSources {
        Objects.requireNonNull(flows, "flows");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(inventory, "inventory");
    }
}
