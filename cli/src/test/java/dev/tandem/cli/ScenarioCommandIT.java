package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.scenario.ScenarioFiles;
import dev.tandem.scenario.ScenarioGenerator;
import dev.tandem.scenario.ScenarioSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem scenario}, then the scenario through {@code tandem analyze}'s job: exactly the
 * injected findings, each on its edge in its windows, and MEDIATED for Bookinfo's own traffic.
 */
class ScenarioCommandIT {
    @TempDir Path dir;

    @Test
    void theGeneratedScenarioYieldsExactlyTheInjectedFindings() throws Exception {
        Path scenarioDir = dir.resolve("scenario");
        CliRun run = CliRun.of("scenario", "--out", scenarioDir.toString(), "--hours", "1");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("scenario: ", "injected BYPASS_EGRESS bookinfo/ratings-v1");
        ScenarioFiles files =
                ScenarioGenerator.generate(
                        ScenarioSpec.defaults().withHours(1), dir.resolve("same"));
        assertThat(Files.readAllBytes(scenarioDir.resolve("scenario.json")))
                .isEqualTo(Files.readAllBytes(files.manifest()));

        Path out = dir.resolve("analyzed");
        List<EdgeWindow> windows = ScenarioVerdicts.analyze(files, out);
        ScenarioVerdicts.assertMatches(windows, files.injections());
        assertThat(Files.readString(out.resolve("deadletter.jsonl"))).isEmpty();
    }

    @Test
    void badOptionsAreUsageErrors() {
        CliRun run = CliRun.of("scenario", "--out", dir.toString(), "--scale", "0");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("scale must be between 1 and 1000");

        run = CliRun.of("scenario", "--out", dir.toString(), "--start", "2026-11-20T08:01:00Z");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("5-minute boundary");
    }
}
