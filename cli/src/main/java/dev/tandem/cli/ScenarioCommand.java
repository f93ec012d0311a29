package dev.tandem.cli;

import dev.tandem.ingest.io.IoProblems;
import dev.tandem.scenario.Injection;
import dev.tandem.scenario.LogFile;
import dev.tandem.scenario.ScenarioFiles;
import dev.tandem.scenario.ScenarioGenerator;
import dev.tandem.scenario.ScenarioSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tandem scenario}: writes a seeded Bookinfo scenario in the real log formats. */
@Command(
        name = "scenario",
        mixinStandardHelpOptions = true,
        description = {
            "Writes a realistic, seeded scenario: Bookinfo behind Istio's ingress gateway on three"
                    + " nodes, with kubelet probes, Prometheus scrapes and DNS, as Calico flow logs,"
                    + " Envoy access logs (Fluent Bit records and CRI files) and a kubectl inventory,"
                    + " with five injected anomalies (an egress and an ingress sidecar bypass, a"
                    + " plaintext caller, a probe denied at its source and one at its destination). The same options give the same bytes.",
            ""
        },
        footer = {
            "",
            "Writes DIR/scenario.json (what was generated and injected), DIR/inventory.json and"
                    + " DIR/nodes/NODE/... (each node's flow log and proxy logs).",
            "",
            "Examples:",
            "  tandem scenario --out /tmp/bookinfo",
            "  tandem analyze \\",
            "      --flows /tmp/bookinfo/nodes/*/var/log/calico/flowlogs/flows.log \\",
            "      --proxy /tmp/bookinfo/nodes/*/fluent-bit/*.log \\",
            "          /tmp/bookinfo/nodes/*/var/log/containers/*.log \\",
            "      --inventory /tmp/bookinfo/inventory.json --out /tmp/bookinfo-findings",
            "  tandem scenario --out /tmp/load --scale 20 --hours 24   # for load"
        })
final class ScenarioCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description =
                    "Folder to write into: created when missing; a previous scenario there is"
                            + " replaced, any other content is refused.")
    Path out;

    @Option(
            names = "--seed",
            paramLabel = "N",
            defaultValue = "" + ScenarioSpec.DEFAULT_SEED,
            description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--scale",
            paramLabel = "N",
            defaultValue = "1",
            description =
                    "Copies of Bookinfo side by side (pods, requests and lines grow linearly),"
                            + " 1 to "
                            + ScenarioSpec.MAX_SCALE
                            + ". Default: ${DEFAULT-VALUE}.")
    int scale;

    @Option(
            names = "--hours",
            paramLabel = "H",
            defaultValue = "3",
            description =
                    "Hours of traffic, 1 to "
                            + ScenarioSpec.MAX_HOURS
                            + " (12 flow-log intervals each). Default: ${DEFAULT-VALUE}.")
    int hours;

    @Option(
            names = "--start",
            paramLabel = "TIME",
            description =
                    "When the traffic starts, on a 5-minute boundary (RFC 3339). Default: "
                            + "2026-11-20T08:00:00Z.")
    String start;

    @Override
    public Integer call() {
        ScenarioSpec scenario = spec(spec, seed, scale, hours, start);
        ScenarioFiles files;
        try {
            files = ScenarioGenerator.generate(scenario, out);
        } catch (IOException e) {
            throw new UserError(
                    "cannot write the scenario to " + out + ": " + IoProblems.describe(e), e);
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println(summary(files));
        for (Injection injection : files.injections()) {
            err.println(
                    "  injected "
                            + injection.verdict()
                            + " "
                            + injection.edge()
                            + ": "
                            + injection.story());
        }
        return 0;
    }

    /** The spec from the options shared with {@code tandem demo}; bad values are usage errors. */
    static ScenarioSpec spec(CommandSpec command, long seed, int scale, int hours, String start) {
        try {
            Instant at = start == null ? ScenarioSpec.DEFAULT_START : Instant.parse(start);
            return new ScenarioSpec(seed, scale, hours, at);
        } catch (DateTimeParseException e) {
            throw new ParameterException(
                    command.commandLine(),
                    "--start: '" + start + "' is not a time such as 2026-11-20T08:00:00Z");
        } catch (IllegalArgumentException e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
    }

    static String summary(ScenarioFiles files) {
        return "scenario: "
                + files.pods()
                + " pods, "
                + files.requests()
                + " requests; "
                + files.lines(LogFile.Kind.FLOWS)
                + " flow log lines and "
                + files.lines(LogFile.Kind.PROXY)
                + " proxy lines in "
                + files.logs().size()
                + " files under "
                + files.dir();
    }
}
