package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

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
        CliRun run =
                CliRun.of(
                        "analyze",
                        "--flows",
                        file("flows.ndjson", "").toString(),
                        "--proxy",
                        file("proxy.log", "").toString(),
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
        CliRun run =
                CliRun.of(
                        "analyze",
                        "--flows",
                        file("flows.ndjson", "").toString(),
                        "--proxy",
                        file("proxy.log", "").toString(),
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
                        file("proxy.log", "").toString(),
                        "--out",
                        flows.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip())
                .isEqualTo("analyze: cannot write " + flows + ": it is a file, not a folder");
    }

    @Test
    void anOutputUnderAFileNamesThatFileInsteadOfCallingItMissing() throws Exception {
        Path regular = file("regular.txt", "x");
        CliRun run =
                CliRun.of(
                        "analyze",
                        "--flows",
                        file("flows.ndjson", "").toString(),
                        "--proxy",
                        file("proxy.log", "").toString(),
                        "--out",
                        regular.resolve("sub").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip())
                .isEqualTo(
                        "analyze: cannot write "
                                + regular.resolve("sub")
                                + ": "
                                + regular
                                + " is a file, not a folder");
    }

    @Test
    void aFileGivenTwiceToOneOptionIsRefusedBeforeAnythingIsRead() throws Exception {
        Path flows = file("flows.ndjson", "");
        CliRun run =
                CliRun.of(
                        "analyze",
                        "--flows",
                        flows.toString(),
                        "--flows",
                        flows.toString(),
                        "--proxy",
                        file("proxy.log", "").toString(),
                        "--out",
                        dir.resolve("out").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip())
                .isEqualTo(
                        "analyze: "
                                + flows
                                + " is given twice to --flows: name each file once (read twice,"
                                + " its evidence would count twice)");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void oneFileUnderTwoNamesAndTwoOptionsIsStillOneFile() throws Exception {
        Path flows = file("flows.ndjson", "");
        String sameFile = dir.resolve(".").resolve("flows.ndjson").toString();
        CliRun run =
                CliRun.of(
                        "analyze",
                        "--flows",
                        flows.toString(),
                        "--proxy",
                        sameFile,
                        "--out",
                        dir.resolve("out").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip())
                .startsWith("analyze: " + sameFile + " is given to both --flows and --proxy:");
    }

    static Stream<Arguments> inventoriesThatResolveNothing() {
        return Stream.of(
                Arguments.of("not JSON", "hi\n", "Unrecognized token 'hi'"),
                Arguments.of("empty", "", "no JSON in the input"),
                Arguments.of(
                        "a flow log",
                        "{\"start_time\":1}\n{\"start_time\":2}\n",
                        "unexpected content after the JSON document"),
                Arguments.of("no pods", "{\"kind\":\"List\",\"items\":[]}", "no pods in it"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inventoriesThatResolveNothing")
    void anInventoryThatResolvesNothingIsExitTwoWithOneLine(
            String what, String content, String problem) throws Exception {
        Path inventory = file("pods.json", content);
        CliRun run =
                CliRun.of(
                        "analyze",
                        "--flows",
                        file("flows.ndjson", "").toString(),
                        "--proxy",
                        file("proxy.log", "").toString(),
                        "--inventory",
                        inventory.toString(),
                        "--out",
                        dir.resolve("out").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(run.err()).contains(inventory.toString()).contains(problem);
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void badWindowIsExitTwo() throws Exception {
        CliRun run =
                CliRun.of(
                        "analyze",
                        "--flows",
                        file("flows.ndjson", "").toString(),
                        "--proxy",
                        file("proxy.log", "").toString(),
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
    void helpSaysWhatHappensToAPreviousRunAndToAnEmptyInventory() {
        String help = CliRun.of("analyze", "--help").out().replaceAll("\\s+", " ");

        assertThat(help)
                .contains("holds no pods (an empty file too), is an error")
                .contains("edges/ is written even when empty")
                .contains("a run that fails or is interrupted leaves the previous results")
                .contains("created with its parents when missing");
    }

    @Test
    void helpIsListedByTandem() {
        assertThat(CliRun.of("--help").out()).contains("analyze");
    }
}
