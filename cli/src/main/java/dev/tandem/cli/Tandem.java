package dev.tandem.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code tandem} program. This class only wires subcommands and exit codes; each subcommand is
 * a class of its own that calls into the modules.
 */
@Command(
        name = "tandem",
        mixinStandardHelpOptions = true,
        versionProvider = TandemVersion.class,
        description = {
            "Finds traffic that bypassed the Istio sidecar by correlating Calico flow logs (kernel layer)"
                    + " with Envoy access logs (proxy layer), and proposes layered least-privilege policy.",
            ""
        },
        subcommands = {
            DecodeCommand.class,
            AnalyzeCommand.class,
            CorrelateCommand.class,
            NotifyCommand.class,
            RecommendCommand.class,
            ShipCommand.class,
            InventoryCommand.class,
            BrokerCommand.class,
            ScenarioCommand.class,
            DemoCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {
            "",
            "Exit status: 0 on success (dead letters are not failures); 2 on a usage error or an unreadable"
                    + " input; 1 on an internal error.",
            "Run 'tandem <command> --help' for the options of a command."
        })
public final class Tandem implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(),
                "missing a command; the commands are "
                        + String.join(", ", UsageErrorHandler.commandNames(spec.commandLine())));
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Tandem());
        cli.setExecutionExceptionHandler(new UserErrorHandler());
        cli.setParameterExceptionHandler(new UsageErrorHandler());
        // An option that takes several values (--flows A B) would otherwise take a mistyped option
        // after it (--flows A --bogus) as one more file name, and the error would blame the file.
        cli.setUnmatchedOptionsAllowedAsOptionParameters(false);
        // Records carry names from the cluster in any script: always UTF-8, whatever the locale
        // says.
        cli.setOut(
                new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        cli.setErr(
                new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        return cli;
    }
}
