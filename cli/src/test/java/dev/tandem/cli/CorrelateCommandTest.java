package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** {@code tandem correlate}'s mistakes a user can make: one line on stderr and exit status 2. */
class CorrelateCommandTest {
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
}
