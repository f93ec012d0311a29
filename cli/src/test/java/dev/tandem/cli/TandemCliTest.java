package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class TandemCliTest {

    @Test
    void helpListsTheCommandsAndExitStatuses() {
        CliRun run = CliRun.of("--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).contains("decode").contains("Exit status");
    }

    @Test
    void noCommandIsAUsageErrorListingTheCommands() {
        CliRun run = CliRun.of();
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo(
                        "tandem: missing a command; the commands are analyze, broker, correlate,"
                                + " decode, demo, help, inventory, notify, recommend, scenario,"
                                + " ship (see 'tandem --help')"
                                + System.lineSeparator());
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        CliRun run = CliRun.of("frobnicate");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("tandem: unknown command 'frobnicate'; the commands are");
        assertThat(run.err().lines()).hasSize(1);
    }

    /** Picocli checks the required options first; the unknown option is what the user got wrong. */
    @Test
    void anUnknownOptionIsNamedBeforeTheMissingOnes() {
        CliRun run = CliRun.of("analyze", "--hlep");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo(
                        "analyze: unknown option '--hlep' (see 'tandem analyze --help')"
                                + System.lineSeparator());
    }

    @Test
    void aMistypedOptionGetsASuggestion() {
        CliRun run =
                CliRun.of("analyze", "--flows", "a", "--proxy", "b", "--out", "d", "--windw", "5m");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo(
                        "analyze: unknown option '--windw'; did you mean --window? (see 'tandem"
                                + " analyze --help')"
                                + System.lineSeparator());
    }

    /** Options that take several values must not swallow a mistyped option as one more file. */
    @Test
    void anUnknownOptionAfterAListIsNotTakenForAFile() {
        CliRun run =
                CliRun.of(
                        "analyze", "--flows", "a.log", "--bogus", "--proxy", "b.log", "--out", "d");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("analyze: unknown option: '--bogus'")
                .doesNotContain("cannot read");
        assertThat(run.err().lines()).hasSize(1);
    }

    /** Every usage error is one line: no help text after it, where the error would scroll away. */
    @Test
    void aUsageErrorIsOneLineWithoutTheHelp() {
        CliRun run = CliRun.of("ship", "--file", "x.log");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo(
                        "ship: missing required option: '--kind=KIND' (see 'tandem ship --help')"
                                + System.lineSeparator());
    }

    @Test
    void versionIsPrinted() {
        CliRun run = CliRun.of("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).startsWith("tandem ");
    }

    /**
     * Picocli wraps help past 80 columns, mid-word where it must ("--inventory pods." and "json" on
     * the next line): an example that is copied from the help has to fit in one line, or continue
     * with a backslash.
     */
    @Test
    void everyExampleInTheHelpFitsItsLine() {
        CommandLine cli = Tandem.commandLine();
        for (CommandLine command : cli.getSubcommands().values()) {
            for (String line : command.getCommandSpec().usageMessage().footer()) {
                if (line.startsWith("  ")) {
                    assertThat(line.length())
                            .as(command.getCommandName() + ": " + line)
                            .isLessThanOrEqualTo(80);
                }
            }
        }
    }

    /** Values that made no sense and were taken anyway. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "ship --kind calico --file x.log --progress-interval -5"
                        + " | ship: --progress-interval must be 0 (never) or more",
                "notify --webhook-url-file url.txt --stats-interval=-1"
                        + " | notify: --stats-interval must be 0 (never) or more"
            })
    void aValueOutOfRangeIsAUsageError(String arguments, String error) {
        CliRun run = CliRun.of(arguments.split(" "));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith(error);
    }

    /** A chat format with no webhook to use it was taken and ignored. */
    @Test
    void aChatFormatWithoutAWebhookIsAUsageError() {
        CliRun run = CliRun.of("recommend", "--archive", "a", "--out", "o", "--format", "teams");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith(
                        "recommend: --format applies to one webhook (--webhook-url-file or"
                                + " --webhook-url-env)");
    }

    /** Part of every file record's key: a blank name would mix the nodes' files. */
    @Test
    void aBlankNodeNameIsAUsageError() {
        CliRun run = CliRun.of("ship", "--kind", "calico", "--file", "x.log", "--node-name", " ");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).startsWith("ship: --node-name must not be blank");
    }
}
