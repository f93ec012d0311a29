package dev.tandem.jobs.analyze;

import dev.tandem.jobs.correlate.CorrelateSettings;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * What {@code tandem analyze} reads and where it writes.
 *
 * @param flows kernel flow log files (Calico, Goldmane)
 * @param proxy proxy access log files (Envoy, bare or in envelopes)
 * @param inventory a {@code kubectl get pods,services,namespaces -A -o json} file, or null
 * @param out the folder for findings.jsonl, deadletter.jsonl and summary.json
 * @param settings windows and slack
 */
public record AnalyzeRequest(
        List<Path> flows, List<Path> proxy, Path inventory, Path out, CorrelateSettings settings) {
    public AnalyzeRequest {
        flows = List.copyOf(flows);
        proxy = List.copyOf(proxy);
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(settings, "settings");
    }
}
