package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tandem notify}'s contract and the mistakes a user can make: one line, exit status 2. */
class NotifyCommandTest {
    @TempDir Path dir;

    @Test
    void helpShowsTheOptionsOfTheContract() {
        CliRun run = CliRun.of("notify", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains(
                        "--bootstrap-servers",
                        "--webhook-url-file",
                        "--format",
                        "--webhook-url-env",
                        "--destinations",
                        "--quiet-period",
                        "--rate-limit",
                        "--group-id",
                        "--state-dir",
                        "--connect-timeout",
                        "REJECTED_BY_DESTINATION",
                        "Retry-After");
        assertThat(CliRun.of("--help").out()).contains("notify");
    }

    @Test
    void aWebhookIsRequired() {
        CliRun run = CliRun.of("notify");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("--webhook-url-file", "--webhook-url-env", "--destinations");
    }

    @Test
    void aMissingUrlFileIsOneLine() {
        Path missing = dir.resolve("slack.url");
        CliRun run = CliRun.of("notify", "--webhook-url-file", missing.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().strip())
                .isEqualTo(
                        "notify: webhook URL file " + missing + " does not exist or is not a file");
    }

    @Test
    void aUrlFileWithoutAUrlNeverPrintsItsContent() throws IOException {
        Path file =
                Files.writeString(
                        dir.resolve("slack.url"), "hooks.slack.com/services/T0/B0/s3cr3t");
        CliRun run =
                CliRun.of("notify", "--webhook-url-file", file.toString(), "--format", "slack");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains("must be an absolute http:// or https:// URL")
                .doesNotContain("s3cr3t");
    }

    @Test
    void anUnknownFormatIsAUsageError() throws IOException {
        Path file = Files.writeString(dir.resolve("hook.url"), "https://example.com/hook");
        CliRun run = CliRun.of("notify", "--webhook-url-file", file.toString(), "--format", "irc");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .contains(
                        "unknown chat format 'irc' (expected slack, teams, mattermost or generic)");
    }

    @Test
    void anUnsetVariableAndABadQuietPeriodAreUsageErrors() throws IOException {
        CliRun unset =
                CliRun.of("notify", "--webhook-url-env", "TANDEM_TEST_SURELY_UNSET_VARIABLE");
        assertThat(unset.exitCode()).isEqualTo(2);
        assertThat(unset.err()).contains("environment variable TANDEM_TEST_SURELY_UNSET_VARIABLE");

        Path file = Files.writeString(dir.resolve("hook.url"), "https://example.com/hook");
        CliRun quiet =
                CliRun.of(
                        "notify", "--webhook-url-file", file.toString(), "--quiet-period", "soon");
        assertThat(quiet.exitCode()).isEqualTo(2);
        assertThat(quiet.err()).contains("invalid value for --quiet-period: 'soon'");
    }

    @Test
    void oneWebhookAndADestinationsFileExcludeEachOther() throws IOException {
        Path file = Files.writeString(dir.resolve("hook.url"), "https://example.com/hook");
        CliRun run =
                CliRun.of(
                        "notify",
                        "--webhook-url-file",
                        file.toString(),
                        "--destinations",
                        dir.resolve("d.json").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("mutually exclusive");
    }

    @Test
    void aStateDirThatIsAFileIsOneLineBeforeAnyWork() throws IOException {
        Path file = Files.writeString(dir.resolve("hook.url"), "https://example.com/hook");
        Path notAFolder = Files.writeString(dir.resolve("state"), "not a folder");
        CliRun run =
                CliRun.of(
                        "notify",
                        "--webhook-url-file",
                        file.toString(),
                        "--state-dir",
                        notAFolder.toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo(
                        "notify: --state-dir "
                                + notAFolder
                                + " is a file, not a folder"
                                + System.lineSeparator());
    }
}
