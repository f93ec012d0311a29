package dev.tandem.flinkjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy/local/lib.sh}'s {@code free_port} picks ports below the kernel's ephemeral range.
 * Inside it, a port closed connections left in TIME_WAIT looks free to the probe, yet Flink's RPC
 * cannot bind it (no SO_REUSEADDR), and an outgoing connection or a bind to port 0 can take a
 * picked port before its server binds it. CI once saw the JobManager die eight seconds into e2e.sh,
 * as it does when its RPC port is taken.
 */
class FreePortTest {
    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    @Test
    void picksPortsBelowTheEphemeralRange() throws Exception {
        assumeTrue(Files.isReadable(EPHEMERAL_RANGE), "no " + EPHEMERAL_RANGE + ": not Linux");
        int ephemeralLow =
                Integer.parseInt(
                        Files.readAllLines(EPHEMERAL_RANGE).get(0).trim().split("\\s+")[0]);
        assumeTrue(
                ephemeralLow > 21_000,
                "this kernel hands out ports from " + ephemeralLow + ": no range below to keep to");

        List<Integer> ports = freePorts(200);

        assertThat(ports)
                .hasSize(200)
                .allSatisfy(
                        port ->
                                assertThat(port)
                                        .isGreaterThanOrEqualTo(20_000)
                                        .isLessThan(Math.min(ephemeralLow, 32_768)));
        assertThat(ports.stream().distinct().count())
                .as("picked at random, not one port over and over")
                .isGreaterThan(100);
    }

    private static List<Integer> freePorts(int count) throws IOException, InterruptedException {
        Path lib = DeployLocal.scripts().resolve("lib.sh");
        Process bash =
                new ProcessBuilder(
                                "bash",
                                "-c",
                                "source \"$0\" && for ((i = 0; i < $1; i++)); do free_port; done",
                                lib.toString(),
                                Integer.toString(count))
                        .redirectErrorStream(true)
                        .start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).as("free_port finished").isTrue();
        assertThat(bash.exitValue()).as("free_port's exit status; it printed: %s", out).isZero();
        return out.lines().map(Integer::parseInt).toList();
    }
}
