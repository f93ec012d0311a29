package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The commands that check Kafka at start ({@code --connect-timeout}) fail alike, within the
 * timeout, when nothing or something other than Kafka listens at the address.
 */
class KafkaStartupOptionsTest {
    private static final List<String> CHECKING_COMMANDS = List.of("ship", "correlate", "notify");

    /** A bound on each run: without the check, notify waited for Kafka forever. */
    private static final Duration AT_MOST = Duration.ofSeconds(60);

    @TempDir Path dir;

    @Test
    void eachCheckingCommandSharesOneConnectTimeoutOption() {
        CommandLine tandem = Tandem.commandLine();
        for (String name : CHECKING_COMMANDS) {
            OptionSpec option =
                    tandem.getSubcommands()
                            .get(name)
                            .getCommandSpec()
                            .findOption("--connect-timeout");
            assertThat(option).as(name).isNotNull();
            assertThat(option.defaultValue()).as(name).isEqualTo("15");
            assertThat(option.paramLabel()).as(name).isEqualTo("SECONDS");
        }
    }

    @Test
    void aTimeoutBelowOneSecondIsAUsageError() throws IOException {
        for (String name : CHECKING_COMMANDS) {
            CliRun run = CliRun.of(args(name, "--connect-timeout", "0"));

            assertThat(run.exitCode()).as(name).isEqualTo(2);
            assertThat(run.err())
                    .as(name)
                    .isEqualTo(
                            name
                                    + ": --connect-timeout must be at least 1 (see 'tandem "
                                    + name
                                    + " --help')"
                                    + System.lineSeparator());
        }
    }

    @Test
    void nothingListeningIsOneLineWithinTheTimeout() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        for (String name : CHECKING_COMMANDS) {
            assertDoesNotAnswer(name, "127.0.0.1:" + closedPort);
        }
    }

    @Test
    void aServerThatIsNotKafkaIsOneLineWithinTheTimeout() throws IOException {
        // Accepts connections and never answers, as any other service on a wrong port would.
        try (ServerSocket notKafka = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String address = "127.0.0.1:" + notKafka.getLocalPort();
            for (String name : CHECKING_COMMANDS) {
                assertDoesNotAnswer(name, address);
            }
        }
    }

    @Test
    void aHostThatDoesNotResolveNamesTheReason() throws IOException {
        // .invalid never resolves (RFC 2606).
        for (String name : CHECKING_COMMANDS) {
            CliRun run =
                    assertTimeoutPreemptively(
                            AT_MOST,
                            () ->
                                    CliRun.of(
                                            args(
                                                    name,
                                                    "--bootstrap-servers",
                                                    "kafka.invalid:9092",
                                                    "--connect-timeout",
                                                    "1")));

            assertThat(run.exitCode()).as(name).isEqualTo(2);
            assertThat(run.err())
                    .as(name)
                    .isEqualTo(
                            name
                                    + ": cannot use Kafka at kafka.invalid:9092: No resolvable"
                                    + " bootstrap urls given in bootstrap.servers"
                                    + System.lineSeparator());
        }
    }

    private void assertDoesNotAnswer(String name, String address) throws IOException {
        String[] args = args(name, "--bootstrap-servers", address, "--connect-timeout", "1");
        CliRun run = assertTimeoutPreemptively(AT_MOST, () -> CliRun.of(args));

        assertThat(run.exitCode()).as(name).isEqualTo(2);
        assertThat(run.err())
                .as(name)
                .isEqualTo(
                        name
                                + ": Kafka at "
                                + address
                                + " did not answer within 1 s; check --bootstrap-servers and"
                                + " that the broker runs"
                                + System.lineSeparator());
    }

    /** {@code name} with the inputs it needs to reach its Kafka check, and {@code more}. */
    private String[] args(String name, String... more) throws IOException {
        List<String> required =
                switch (name) {
                    case "ship" ->
                            List.of(
                                    "ship",
                                    "--kind",
                                    "auto",
                                    "--file",
                                    Files.writeString(dir.resolve("flows.log"), "").toString(),
                                    "--state-dir",
                                    dir.resolve("ship-state").toString());
                    case "notify" ->
                            List.of(
                                    "notify",
                                    "--webhook-url-file",
                                    Files.writeString(
                                                    dir.resolve("hook.url"),
                                                    "https://example.com/hook")
                                            .toString());
                    case "correlate" ->
                            List.of(
                                    "correlate",
                                    "--checkpoint-dir",
                                    dir.resolve("checkpoints").toString());
                    default -> throw new IllegalArgumentException(name);
                };
        return Stream.concat(required.stream(), Stream.of(more)).toArray(String[]::new);
    }
}
