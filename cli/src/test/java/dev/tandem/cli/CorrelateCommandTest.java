package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tandem correlate}'s mistakes a user can make: one line on stderr and exit status 2. */
class CorrelateCommandTest {
    @TempDir Path dir;

    @Test
    void helpNamesTheTopicsTheCheckpointsAndTheOptionsOfTheContract() {
        CliRun run = CliRun.of("correlate", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains(
                        "--bootstrap-servers",
                        "--archive",
                        "--parallelism",
                        "--window",
                        "--slack",
                        "--max-hold",
                        "--checkpoint-dir",
                        "--realert",
                        "tandem.edges",
                        "tandem.alerts",
                        "read_committed");
    }

    @Test
    void theProgramListsCorrelate() {
        assertThat(CliRun.of("--help").out()).contains("correlate");
    }

    @Test
    void aParallelismBelowOneIsAUsageError() {
        CliRun run = CliRun.of("correlate", "--parallelism", "0");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--parallelism must be at least 1");
    }

    @Test
    void aNegativeMaxHoldIsAUsageError() {
        CliRun run = CliRun.of("correlate", "--max-hold", "-5m");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--max-hold");
    }

    @Test
    void aDurationThatIsNotOneIsAUsageError() {
        CliRun run = CliRun.of("correlate", "--realert", "soon");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--realert").doesNotContain("Exception");
    }

    @Test
    void kafkaThatDoesNotAnswerIsOneLineAndExitStatus2() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        CliRun run =
                CliRun.of(
                        "correlate",
                        "--bootstrap-servers",
                        "127.0.0.1:" + closedPort,
                        "--connect-timeout",
                        "1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("Kafka at 127.0.0.1:" + closedPort + " did not answer within 1 s")
                .doesNotContain("Exception");
    }

    @Test
    void aCheckpointDirThatIsAFileIsOneLineBeforeKafkaIsAsked() throws Exception {
        Path file = Files.writeString(dir.resolve("checkpoints"), "not a folder");

        CliRun run = correlateWithoutKafka("--checkpoint-dir", file.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo(
                        "correlate: --checkpoint-dir "
                                + file
                                + " is a file, not a folder"
                                + System.lineSeparator());
    }

    @Test
    void aCheckpointDirUnderAFileIsOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("state"), "not a folder");

        CliRun run =
                correlateWithoutKafka("--checkpoint-dir", file.resolve("checkpoints").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip())
                .startsWith("correlate: cannot use --checkpoint-dir " + file.resolve("checkpoints"))
                .doesNotContain("\n", "Exception");
    }

    @Test
    void anArchiveOfAnUnknownSchemeNamesTheScheme() throws Exception {
        CliRun run = correlateWithoutKafka("--archive", "bogus://x/y");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo(
                        "correlate: --archive bogus://x/y: no file system for the scheme 'bogus'"
                                + " in this build; give a local folder or a file:// URI"
                                + System.lineSeparator());
    }

    @Test
    void anArchiveThatIsAFileIsOneLine() throws Exception {
        Path file = Files.writeString(dir.resolve("edges"), "not a folder");

        for (String archive : new String[] {file.toString(), file.toUri().toString()}) {
            CliRun run = correlateWithoutKafka("--archive", archive);

            assertThat(run.exitCode()).as(archive).isEqualTo(2);
            assertThat(run.err())
                    .as(archive)
                    .isEqualTo(
                            "correlate: --archive "
                                    + file
                                    + " is a file, not a folder"
                                    + System.lineSeparator());
        }
    }

    @Test
    void aMetricsPortInUseIsOneLineBeforeTheJobStarts() throws Exception {
        // Held on every interface, where the Prometheus reporter listens.
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            int port = taken.getLocalPort();

            CliRun run = correlateWithoutKafka("--metrics-port", Integer.toString(port));

            assertThat(run.exitCode()).isEqualTo(2);
            assertThat(run.err())
                    .isEqualTo(
                            "correlate: --metrics-port "
                                    + port
                                    + " is already in use"
                                    + System.lineSeparator());
        }
    }

    @Test
    void theHelpSaysWhereMetricsListen() {
        assertThat(CliRun.of("correlate", "--help").out()).contains("every interface");
    }

    /**
     * Correlate pointed at a closed port with a checkpoint folder of its own: a mistake found
     * before Kafka is asked is reported as itself, and one found after would be Kafka's.
     */
    private CliRun correlateWithoutKafka(String... args) throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Stream<String> base =
                Stream.of(
                        "correlate",
                        "--bootstrap-servers",
                        "127.0.0.1:" + closedPort,
                        "--connect-timeout",
                        "1");
        boolean ownCheckpoints = Stream.of(args).anyMatch("--checkpoint-dir"::equals);
        Stream<String> checkpoints =
                ownCheckpoints
                        ? Stream.empty()
                        : Stream.of("--checkpoint-dir", dir.resolve("checkpoints").toString());
        return CliRun.of(
                Stream.of(base, checkpoints, Stream.of(args))
                        .flatMap(s -> s)
                        .toArray(String[]::new));
    }
}
