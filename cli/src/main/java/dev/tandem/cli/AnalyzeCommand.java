package dev.tandem.cli;

import dev.tandem.jobs.analyze.AnalyzeException;
import dev.tandem.jobs.analyze.AnalyzeRequest;
import dev.tandem.jobs.analyze.AnalyzeSummary;
import dev.tandem.jobs.analyze.OfflineAnalyzer;
import dev.tandem.jobs.correlate.CorrelateSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
                    + " --archive DIR/edges' reads; edges/ is written even when empty.",
            "The results are written into a temporary folder DIR/.tandem-analyze-* and replace a"
                    + " previous run's only once all are complete: a run that fails or is"
                    + " interrupted leaves the previous results as they were (an interrupted run"
                    + " leaves its temporary folder, which the next run removes). A DIR/edges/"
                    + " holding anything but day= partitions is never replaced.",
            "Each file is read once: a file named twice is an error.",
            "",
            "Exit status: 0 on success (dead letters are not failures); 2 when an input cannot be"
                    + " read (or the inventory holds no pods), a file is named twice, or DIR cannot"
                    + " be written.",
            "",
            "Example:",
            "  tandem analyze --flows flows.ndjson --proxy istio-proxy.log \\",
            "      --inventory pods.json --out out/"
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
                    "kubectl get pods,services,namespaces -A -o json output: resolves pod IPs."
                            + " A file that is not such a document, or holds no pods (an empty"
                            + " file too), is an error.")
    String inventory;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Folder for the results; created with its parents when missing.")
    Path out;

    @Mixin WindowOptions windowOptions;

    @Override
    public Integer call() throws Exception {
        Map<String, List<String>> inputs = new LinkedHashMap<>();
        inputs.put("--flows", flows);
        inputs.put("--proxy", proxy);
        if (inventory != null) {
            inputs.put("--inventory", List.of(inventory));
        }
        List<String> names = inputs.values().stream().flatMap(List::stream).toList();
        if (names.contains(InputFiles.STDIN)) {
            throw new UserError("analyze reads files, not standard input: name the files");
        }
        InputFiles.checkReadable(names);
        InputFiles.checkNamedOnce(inputs);
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
        } catch (AnalyzeException e) {
            throw new UserError(e.getMessage(), e);
        }
        spec.commandLine()
                .getErr()
                .println(
                        "analyze: "
                                + count(summary.recordsRead(), "record")
                                + ", "
                                + count(summary.edgeWindows(), "edge window")
                                + ", "
                                + count(summary.findings(), "finding")
                                + ", "
                                + count(summary.deadLetters(), "dead letter")
                                + "; results in "
                                + out);
        return 0;
    }

    private static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static List<Path> paths(List<String> names) {
        return names.stream().map(Path::of).toList();
    }
}
