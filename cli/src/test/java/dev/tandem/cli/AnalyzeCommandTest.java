package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnalyzeCommandTest {
    @TempDir Path dir;

    private Path file(String name, String content) throws Exception {
        return Files.writeString(dir.resolve(name), content);
    }

    @Test
    void missingInputIsExitTwoWithOneLine() throws Exception {
        Path proxy = file("proxy.log", "");
        CliRun run =
                CliRun.of(
                        "analyze",
                        "--flows",
                        dir.resolve("nope.ndjson").toString(),
                        "--proxy",
                        proxy.toString(),
                        "--out",
                        dir.resolve("out").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip())
                .isEqualTo("analyze: cannot read " + dir.resolve("nope.ndjson") + ": no such file");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void unreadableInventoryIsExitTwo() throws Exception {
        Path flows = file("flows.ndjson", "");
        CliRun run =
                CliRun.of(
                        "analyze",
                        "--flows",
                        flows.toString(),
                        "--proxy",
                        flows.toString(),
                        "--inventory",
                        dir.toString(),
                        "--out",
                        dir.resolve("out").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("it is a directory").doesNotContain("Exception");
    }

    @ParameterizedTest
    @CsvSource({
        "--window, 0s, '--window must be positive, was 0s'",
        // Picocli takes a value that starts with '-' for a mistyped option (so that "--flows a.log
        // --bogus" names --bogus, not a file): a negative duration never reaches the checks.
        "--slack, -1m, 'Expected parameter for option ''--slack'' but found ''-1m'''",
        "--max-hold, -5m, 'Expected parameter for option ''--max-hold'' but found ''-5m'''"
    })
    void aDurationOutOfRangeIsAUsageErrorNamingItsOption(
            String option, String value, String message) throws Exception {
        Path flows = file("flows.ndjson", "");
        CliRun run =
                CliRun.of(
                        "analyze",
                        "--flows",
                        flows.toString(),
                        "--proxy",
                        flows.toString(),
                        "--out",
                        dir.resolve("out").toString(),
                        option,
                        value);

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains(message).doesNotContain("Exception");
    }

    @Test
    void standardInputIsRefused() throws Exception {
        Path flows = file("flows.ndjson", "");
        CliRun run =
                CliRun.of(
                        "analyze",
                        "--flows",
                        "-",
                        "--proxy",
                        flows.toString(),
                        "--out",
                        dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("not standard input");
    }

    @Test
    void outputThatIsAFileIsExitTwo() throws Exception {
        Path flows = file("flows.ndjson", "");
        CliRun run =
                CliRun.of(
                        "analyze",
                        "--flows",
                        flows.toString(),
                        "--proxy",
                        flows.toString(),
                        "--out",
                        flows.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("it is a file, not a folder");
    }

    @Test
    void badWindowIsExitTwo() throws Exception {
        Path flows = file("flows.ndjson", "");
        CliRun run =
                CliRun.of(
                        "analyze",
                        "--flows",
                        flows.toString(),
                        "--proxy",
                        flows.toString(),
                        "--out",
                        dir.resolve("out").toString(),
                        "--window",
                        "five");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("invalid value for --window: 'five'");
    }

    @Test
    void flowsAndProxyAreRequired() {
        CliRun run = CliRun.of("analyze", "--out", dir.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--flows").contains("--proxy");
    }

    @Test
    void helpIsListedByTandem() {
        assertThat(CliRun.of("--help").out()).contains("analyze");
    }
}
