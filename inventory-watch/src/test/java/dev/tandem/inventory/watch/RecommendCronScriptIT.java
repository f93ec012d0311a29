package dev.tandem.inventory.watch;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The recommender CronJob's shell wrapper, run for real by /bin/sh against a stand-in {@code
 * tandem}: a dated folder per night, {@code --previous} from the second night on, {@code latest}
 * moved, and only the 30 newest nights kept.
 */
class RecommendCronScriptIT {
    private static final String NIGHT_1 = "2026-11-20T023000Z";
    private static final String NIGHT_2 = "2026-11-21T023000Z";

    @TempDir Path work;
    private Path reports;
    private Path bin;
    private String script;

    @BeforeEach
    void installStandIns() throws Exception {
        reports = Files.createDirectories(work.resolve("reports"));
        Path archive = Files.createDirectories(work.resolve("archive"));
        bin = Files.createDirectories(work.resolve("bin"));
        // Records how it was called, and writes what a real run leaves behind.
        executable(
                bin.resolve("tandem"),
                """
                #!/bin/sh
                echo "$@" > "$TANDEM_CALLS/$NOW.args"
                while [ $# -gt 0 ]; do
                  if [ "$1" = --out ]; then mkdir -p "$2" && echo '{}' > "$2/recommendations.json"; fi
                  shift
                done
                """);
        // The night it is, so that runs in one second still get their own folders.
        executable(bin.resolve("date"), "#!/bin/sh\necho \"$NOW\"\n");
        Files.createDirectories(work.resolve("calls"));

        JsonNode cronJob = Manifests.one(Manifests.base(), "CronJob", "tandem-recommend");
        script =
                Manifests.podSpecs(cronJob)
                        .get(0)
                        .at("/containers/0/args/0")
                        .asText()
                        .replace("/opt/tandem/bin/tandem", bin.resolve("tandem").toString())
                        .replace("/reports", reports.toString())
                        .replace("/archive", archive.toString());
    }

    @Test
    void theFirstNightHasNoPreviousRunAndTheSecondDiffsAgainstIt() throws Exception {
        run(NIGHT_1);
        assertThat(calls(NIGHT_1)).doesNotContain("--previous").contains("--since 7d");
        assertThat(reports.resolve("latest").toRealPath())
                .isEqualTo(reports.resolve(NIGHT_1).toRealPath());

        run(NIGHT_2);
        assertThat(calls(NIGHT_2)).contains("--previous " + reports.resolve("latest"));
        assertThat(Files.readSymbolicLink(reports.resolve("latest")).toString()).isEqualTo(NIGHT_2);
        assertThat(reports.resolve(NIGHT_1).resolve("recommendations.json")).isRegularFile();
    }

    @Test
    void onlyTheThirtyNewestNightsAreKept() throws Exception {
        LocalDate first = LocalDate.of(2026, 10, 1);
        for (int night = 0; night < 32; night++) {
            run(first.plusDays(night) + "T023000Z");
        }

        try (Stream<Path> folders = Files.list(reports)) {
            List<String> kept =
                    folders.map(p -> p.getFileName().toString())
                            .filter(n -> n.startsWith("20"))
                            .sorted()
                            .toList();
            assertThat(kept)
                    .hasSize(30)
                    .startsWith("2026-10-03T023000Z")
                    .endsWith("2026-11-01T023000Z");
        }
        assertThat(Files.readSymbolicLink(reports.resolve("latest")).toString())
                .isEqualTo("2026-11-01T023000Z");
    }

    private void run(String now) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("/bin/sh", "-c", script);
        builder.environment().put("PATH", bin + ":" + System.getenv("PATH"));
        builder.environment().put("NOW", now);
        builder.environment().put("TANDEM_CALLS", work.resolve("calls").toString());
        builder.redirectErrorStream(true);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private String calls(String now) throws Exception {
        return Files.readString(work.resolve("calls").resolve(now + ".args")).trim();
    }

    private static void executable(Path file, String text) throws Exception {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
