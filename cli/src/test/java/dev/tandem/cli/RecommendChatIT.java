package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.tandem.ingest.archive.EdgeArchiveWriter;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.ProxyEvidence;
import dev.tandem.ingest.model.Verdict;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tandem recommend} posting its summary to a real local webhook (JDK HttpServer): the
 * summary arrives in the requested format after the report is written, the URL is never printed,
 * and a refused post warns without failing the run.
 */
class RecommendChatIT {
    private static final Instant T0 = Instant.parse("2026-11-20T10:00:00Z");
    private static final String TOKEN_PATH = "/hooks/T0/secret-token-4711";

    @TempDir Path dir;

    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private HttpServer server;
    private int status = 200;

    @BeforeEach
    void startWebhook() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(
                TOKEN_PATH,
                exchange -> {
                    bodies.add(
                            new String(
                                    exchange.getRequestBody().readAllBytes(),
                                    StandardCharsets.UTF_8));
                    exchange.sendResponseHeaders(status, -1);
                    exchange.close();
                });
        server.start();
    }

    @AfterEach
    void stopWebhook() {
        server.stop(0);
    }

    @Test
    void postsTheSummaryAsATeamsCardAfterWritingTheReport() throws Exception {
        Path out = dir.resolve("out");

        CliRun run =
                CliRun.of(
                        "recommend",
                        "--archive",
                        archiveWithOneEdge().toString(),
                        "--all",
                        "--quiet",
                        "--out",
                        out.toString(),
                        "--webhook-url-file",
                        urlFile().toString(),
                        "--format",
                        "teams");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(out.resolve("report.html")).exists();
        assertThat(bodies).hasSize(1);
        JsonNode body = new ObjectMapper().readTree(bodies.get(0));
        assertThat(body.path("type").asText()).isEqualTo("message");
        assertThat(body.at("/attachments/0/content/type").asText()).isEqualTo("AdaptiveCard");
        assertThat(bodies.get(0))
                .contains("Tandem policy recommendation: 2 L3/L4 rules, 1 Istio policies");
        assertThat(run.err()).isEqualTo("recommend: posted the summary to chat\n");
        assertThat(run.out() + run.err()).doesNotContain("secret-token-4711");
    }

    @Test
    void postsSlackBlocksByDefault() throws Exception {
        CliRun run =
                CliRun.of(
                        "recommend",
                        "--archive",
                        archiveWithOneEdge().toString(),
                        "--all",
                        "--quiet",
                        "--out",
                        dir.resolve("out").toString(),
                        "--webhook-url-file",
                        urlFile().toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode body = new ObjectMapper().readTree(bodies.get(0));
        assertThat(body.path("blocks").isArray()).isTrue();
        assertThat(body.path("text").asText()).contains("Tandem policy recommendation");
    }

    @Test
    void aRefusedPostIsOneWarningAndTheRunStillSucceeds() throws Exception {
        status = 404;
        Path out = dir.resolve("out");

        CliRun run =
                CliRun.of(
                        "recommend",
                        "--archive",
                        archiveWithOneEdge().toString(),
                        "--all",
                        "--quiet",
                        "--out",
                        out.toString(),
                        "--webhook-url-file",
                        urlFile().toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(out.resolve("report.html")).exists();
        assertThat(run.err().lines())
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("recommend: warning: summary not posted: chat (slack) refused")
                .contains("404");
        assertThat(run.out() + run.err()).doesNotContain("secret-token-4711");
    }

    @Test
    void anUnreadableUrlFileFailsBeforeTheRun() throws Exception {
        Path out = dir.resolve("out");

        CliRun run =
                CliRun.of(
                        "recommend",
                        "--archive",
                        archiveWithOneEdge().toString(),
                        "--all",
                        "--out",
                        out.toString(),
                        "--webhook-url-file",
                        dir.resolve("missing.url").toString());

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err().lines()).hasSize(1);
        assertThat(out).doesNotExist();
        assertThat(bodies).isEmpty();
    }

    private Path urlFile() throws Exception {
        return Files.writeString(
                dir.resolve("chat.url"),
                "http://127.0.0.1:" + server.getAddress().getPort() + TOKEN_PATH + "\n");
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
        new EdgeArchiveWriter(archive, "cli-test")
                .write(
                        List.of(
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
                                        "both sidecars saw it")));
        return archive;
    }
}
