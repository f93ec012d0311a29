package dev.tandem.cli;

import dev.tandem.jobs.analyze.AnalyzeRequest;
import dev.tandem.jobs.analyze.AnalyzeSummary;
import dev.tandem.jobs.analyze.OfflineAnalyzer;
import dev.tandem.jobs.correlate.CorrelateSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tandem analyze}: the correlate job's graph in Flink BATCH mode over files, for a look at
 * logs already collected.
 */
@Command(
        name = "analyze",
        mixinStandardHelpOptions = true,
        description = {
            "Correlates flow logs with proxy access logs from files, with the same job graph as"
                    + " 'tandem correlate' run in Flink batch mode, and writes what it found.",
            ""
        },
        footer = {
            "",
            "Writes DIR/findings.jsonl (edge windows judged BYPASS_INGRESS, BYPASS_EGRESS, PLAINTEXT or"
                    + " DENIED), DIR/deadletter.jsonl, DIR/summary.json and DIR/edges/, the Parquet"
                    + " archive of every edge window (day=/hour= partitions) that 'tandem recommend"
                    + " --archive DIR/edges' reads. A previous run's DIR/edges/ is replaced.",
            "Exit status 2 when an input cannot be read or DIR cannot be written.",
            "",
            "Example:",
            "  tandem analyze --flows flows.ndjson --proxy istio-proxy.log --inventory pods.json --out out/"
        })
final class AnalyzeCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--flows",
            arity = "1..*",
            required = true,
            paramLabel = "PATH",
            description = "Calico flow log or Goldmane flow files.")
    List<String> flows;

    @Option(
            names = "--proxy",
            arity = "1..*",
            required = true,
            paramLabel = "PATH",
            description = "Envoy/Istio access log files, bare or in CRI or Fluent Bit envelopes.")
    List<String> proxy;

    @Option(
            names = "--inventory",
            paramLabel = "PATH",
            description =
                    "kubectl get pods,services,namespaces -A -o json output: resolves pod IPs.")
    String inventory;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Folder for the results; created when missing.")
    Path out;

    @Mixin WindowOptions windowOptions;

    @Override
    public Integer call() throws Exception {
        List<String> inputs = new ArrayList<>(flows);
        inputs.addAll(proxy);
        if (inventory != null) {
            inputs.add(inventory);
        }
        for (String input : inputs) {
            if (input.equals(InputFiles.STDIN)) {
                throw new UserError("analyze reads files, not standard input: name the files");
            }
        }
        InputFiles.checkReadable(inputs);
        checkWritable(out);
        CorrelateSettings settings = windowOptions.settings();
        AnalyzeSummary summary;
        try {
            summary =
                    OfflineAnalyzer.run(
                            new AnalyzeRequest(
                                    paths(flows),
                                    paths(proxy),
                                    inventory == null ? null : Path.of(inventory),
                                    out,
                                    settings));
        } catch (IOException e) {
            throw new UserError("analyze: " + e.getMessage(), e);
        }
        spec.commandLine()
                .getErr()
                .println(
                        "analyze: "
                                + summary.recordsRead()
                                + " records, "
                                + summary.edgeWindows()
                                + " edge windows, "
                                + summary.findings()
                                + " findings, "
                                + summary.deadLetters()
                                + " dead letters; results in "
                                + out);
        return 0;
    }

    private static List<Path> paths(List<String> names) {
        return names.stream().map(Path::of).toList();
    }

    private static void checkWritable(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UserError("cannot write " + dir + ": it is a file, not a folder");
        }
        Path parent = dir.toAbsolutePath().getParent();
        if (!Files.exists(dir) && parent != null && !Files.isDirectory(parent)) {
            throw new UserError("cannot write " + dir + ": folder " + parent + " does not exist");
        }
    }
}
