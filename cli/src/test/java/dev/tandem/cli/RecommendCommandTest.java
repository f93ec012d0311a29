package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ingest.archive.EdgeArchiveWriter;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.ProxyEvidence;
import dev.tandem.ingest.model.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecommendCommandTest {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");

    @TempDir Path dir;

    @Test
    void writesPoliciesAndReportForAnArchive() throws Exception {
        Path archive = archiveWithOneEdge();
        Path out = dir.resolve("out");

        CliRun run =
                CliRun.of(
                        "recommend",
                        "--archive",
                        archive.toString(),
                        "--all",
                        "--out",
                        out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out())
                .startsWith(
                        "1 edge windows, 1 edges: 2 L3/L4 rules, 1 Istio policies, 0 need review.");
        assertThat(out.resolve("policies/calico/shop.yaml"))
                .content()
                .contains("kind: \"StagedNetworkPolicy\"");
        assertThat(out.resolve("policies/istio/shop.yaml"))
                .content()
                .contains("\"cluster.local/ns/shop/sa/web\"");
        JsonNode json = new ObjectMapper().readTree(out.resolve("recommendations.json").toFile());
        assertThat(json.at("/run/lookback").asText()).isEqualTo("all");
        assertThat(out.resolve("report.html")).exists();
        assertThat(run.out())
                .contains(
                        "\nTandem policy recommendation: 2 L3/L4 rules, 1 Istio policies, 0 bypass edges need review\n")
                .contains("PeerAuthentication: 1 of 1 meshed destinations ready for STRICT mTLS.\n")
                .endsWith("Report: " + out.resolve("report.html") + "\n");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void quietIsAcceptedAndPrintsNoProgress() throws Exception {
        Path out = dir.resolve("out");

        CliRun run =
                CliRun.of(
                        "recommend",
                        "--archive",
                        archiveWithOneEdge().toString(),
                        "--all",
                        "--quiet",
                        "--out",
                        out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out()).contains("Report: ");
    }

    @Test
    void enforcedAndTrustDomainShapeThePolicies() throws Exception {
        Path out = dir.resolve("out");

        CliRun run =
                CliRun.of(
                        "recommend",
                        "--archive",
                        archiveWithOneEdge().toString(),
                        "--all",
                        "--enforced",
                        "--trust-domain",
                        "prod.example",
                        "--out",
                        out.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(out.resolve("policies/calico/shop.yaml"))
                .content()
                .contains("kind: \"NetworkPolicy\"")
                .doesNotContain("Staged");
        assertThat(out.resolve("policies/istio/shop.yaml"))
                .content()
                .contains("\"prod.example/ns/shop/sa/web\"");
    }

    @Test
    void sinceKeepsOnlyTheRecentWindows() throws Exception {
        Path out = dir.resolve("out");
        RecommendCommand command = new RecommendCommand();
        command.clock =
                java.time.Clock.fixed(T0.plus(Duration.ofDays(10)), java.time.ZoneOffset.UTC);

        int code =
                new picocli.CommandLine(command)
                        .execute(
                                "--archive",
                                archiveWithOneEdge().toString(),
                                "--since",
                                "7d",
                                "--out",
                                out.toString());

        assertThat(code).isZero();
        JsonNode json = new ObjectMapper().readTree(out.resolve("recommendations.json").toFile());
        assertThat(json.at("/run/lookback").asText()).isEqualTo("7d");
        assertThat(json.at("/run/windowsRead").asLong()).isZero();
        assertThat(out.resolve("policies")).doesNotExist();
    }

    @Test
    void anEmptyArchiveSucceedsAndSaysSoOnStandardError() throws Exception {
        Path archive = Files.createDirectories(dir.resolve("empty"));

        CliRun run =
                CliRun.of(
                        "recommend",
                        "--archive",
                        archive.toString(),
                        "--all",
                        "--out",
                        dir.resolve("out").toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).startsWith("recommend: No edge windows in " + archive);
        assertThat(dir.resolve("out/policies")).doesNotExist();
    }

    /** The lookback counts back from now: an older archive reads as empty without --all. */
    @Test
    void aLookbackThatFindsNothingSaysWhatItLeftOut() throws Exception {
        String archive = archiveWithOneEdge().toString();

        CliRun run =
                CliRun.of(
                        "recommend",
                        "--archive",
                        archive,
                        "--since",
                        "1h",
                        "--out",
                        dir.resolve("out").toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.err())
                .contains("(0 files in range)")
                .contains("The archive holds 1 file outside the lookback: --all reads them");
    }

    @Test
    void aMissingArchiveIsOneLineAndExitTwo() {
        CliRun run =
                CliRun.of(
                        "recommend",
                        "--archive",
                        dir.resolve("nope").toString(),
                        "--out",
                        dir.resolve("out").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .isEqualTo(
                        "recommend: edge archive "
                                + dir.resolve("nope")
                                + " does not exist"
                                + System.lineSeparator());
    }

    @Test
    void aCorruptArchiveFileIsNamedWithExitTwo() throws Exception {
        Path archive = archiveWithOneEdge();
        Path file;
        try (var files = Files.walk(archive)) {
            file = files.filter(f -> f.toString().endsWith(".parquet")).findFirst().orElseThrow();
        }
        Files.writeString(file, "PAR1 truncated");

        CliRun run =
                CliRun.of(
                        "recommend",
                        "--archive",
                        archive.toString(),
                        "--all",
                        "--out",
                        dir.resolve("out").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith("recommend: cannot read edge archive file " + file)
                .doesNotContain("\tat ");
        assertThat(run.err().lines()).hasSize(1);
    }

    @Test
    void usageErrorsExitTwo() throws Exception {
        String archive = archiveWithOneEdge().toString();
        String out = dir.resolve("out").toString();

        assertThat(
                        CliRun.of(
                                        "recommend",
                                        "--archive",
                                        archive,
                                        "--all",
                                        "--since",
                                        "7d",
                                        "--out",
                                        out)
                                .exitCode())
                .isEqualTo(2);
        assertThat(
                        CliRun.of(
                                        "recommend",
                                        "--archive",
                                        archive,
                                        "--since",
                                        "a week",
                                        "--out",
                                        out)
                                .err())
                .contains(
                        "'a week' is not a duration (expected e.g. 500ms, 90s, 5m, 1h, 7d or PT5M)");
        assertThat(
                        CliRun.of(
                                        "recommend",
                                        "--archive",
                                        archive,
                                        "--staged",
                                        "--enforced",
                                        "--out",
                                        out)
                                .exitCode())
                .isEqualTo(2);
        assertThat(
                        CliRun.of(
                                        "recommend",
                                        "--archive",
                                        archive,
                                        "--trust-domain",
                                        "a/b",
                                        "--out",
                                        out)
                                .exitCode())
                .isEqualTo(2);
        assertThat(CliRun.of("recommend", "--archive", archive).exitCode()).isEqualTo(2);
        assertThat(
                        CliRun.of("recommend", "--archive", archive, "--since", "0d", "--out", out)
                                .exitCode())
                .isEqualTo(2);
        assertThat(
                        CliRun.of(
                                        "recommend",
                                        "--archive",
                                        archive,
                                        "--since",
                                        "999999999999999d",
                                        "--out",
                                        out)
                                .exitCode())
                .isEqualTo(2);
        assertThat(
                        CliRun.of(
                                        "recommend",
                                        "--archive",
                                        archive,
                                        "--since",
                                        "99999999d",
                                        "--out",
                                        out)
                                .exitCode())
                .isZero();
        CliRun previous =
                CliRun.of(
                        "recommend",
                        "--archive",
                        archive,
                        "--previous",
                        dir.resolve("none").toString(),
                        "--out",
                        out);
        assertThat(previous.exitCode()).isEqualTo(2);
        assertThat(previous.err()).contains("has no recommendations.json");
    }

    @Test
    void anInventoryIsReadAndABrokenOneIsNamed() throws Exception {
        String archive = archiveWithOneEdge().toString();
        Path good =
                Files.writeString(
                        dir.resolve("inventory.json"),
                        "{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[]}");
        Path broken =
                Files.writeString(dir.resolve("broken.json"), "{\"apiVersion\":\"v1\",\"items\":[");

        CliRun ok =
                CliRun.of(
                        "recommend",
                        "--archive",
                        archive,
                        "--all",
                        "--inventory",
                        good.toString(),
                        "--out",
                        dir.resolve("out").toString());
        CliRun bad =
                CliRun.of(
                        "recommend",
                        "--archive",
                        archive,
                        "--all",
                        "--inventory",
                        broken.toString(),
                        "--out",
                        dir.resolve("out2").toString());

        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(bad.exitCode()).isEqualTo(2);
        assertThat(bad.err()).startsWith("recommend: cannot read inventory " + broken + ": ");
        assertThat(bad.err().lines()).hasSize(1);
    }

    @Test
    void helpNamesEveryOptionOfTheContract() {
        CliRun run = CliRun.of("recommend", "--help");

        assertThat(run.exitCode()).isZero();
        assertThat(run.out())
                .contains(
                        "--archive=DIR",
                        "--inventory=PATH",
                        "--since=DURATION",
                        "--all",
                        "--previous=DIR",
                        "--trust-domain=DOMAIN",
                        "--staged",
                        "--enforced",
                        "--out=DIR");
        assertThat(CliRun.of("--help").out()).contains("recommend");
    }

    private Path archiveWithOneEdge() throws Exception {
        Path archive = dir.resolve("archive");
        if (Files.exists(archive)) {
            return archive;
        }
        EndpointRef web =
                new EndpointRef(
                        "shop",
                        "web",
                        EndpointKind.WORKLOAD,
                        Labels.of(Map.of("app", "web")),
                        true,
                        "web");
        EndpointRef api =
                new EndpointRef(
                        "shop",
                        "api",
                        EndpointKind.WORKLOAD,
                        Labels.of(Map.of("app", "api")),
                        true,
                        "api");
        ProxyEvidence proxy =
                new ProxyEvidence(
                        5,
                        5,
                        5,
                        0,
                        new TreeMap<>(Map.of("GET", 5L)),
                        new TreeMap<>(Map.of("/v1/items", 5L)),
                        null,
                        List.of(),
                        List.of());
        EdgeWindow window =
                new EdgeWindow(
                        web,
                        api,
                        8080,
                        "tcp",
                        T0,
                        T0.plusSeconds(300),
                        null,
                        proxy,
                        Verdict.MEDIATED,
                        0.9,
                        "both sidecars saw it");
        new EdgeArchiveWriter(archive, "cli-test").write(List.of(window));
        return archive;
    }
}
