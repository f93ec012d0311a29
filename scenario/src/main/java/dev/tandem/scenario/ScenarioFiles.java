package dev.tandem.scenario;

import java.nio.file.Path;
import java.util.List;

/**
 * What {@link ScenarioGenerator#generate} wrote.
 *
 * @param dir the scenario folder
 * @param logs every log file, sorted by path
 * @param inventory the {@code kubectl get pods,services,namespaces -A -o json} file
 * @param manifest {@code scenario.json}: the spec, the files and the injected anomalies
 * @param injections the anomalies planted, with the verdicts they should get
 * @param pods pods in the inventory
 * @param requests HTTP requests made (each logged by one or two proxies)
 */
public record ScenarioFiles(
        Path dir,
        List<LogFile> logs,
        Path inventory,
        Path manifest,
        List<Injection> injections,
        int pods,
        long requests) {
    public ScenarioFiles {
        logs = List.copyOf(logs);
        injections = List.copyOf(injections);
    }

    public List<LogFile> logs(LogFile.Kind kind) {
        return logs.stream().filter(f -> f.kind() == kind).toList();
    }

    public long lines(LogFile.Kind kind) {
        return logs(kind).stream().mapToLong(LogFile::lines).sum();
    }
}
