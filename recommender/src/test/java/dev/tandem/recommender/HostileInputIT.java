package dev.tandem.recommender;

import static dev.tandem.recommender.Edges.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.ingest.archive.EdgeArchiveWriter;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.Verdict;
import dev.tandem.recommender.testing.CrdSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Evidence a cluster (or an attacker inside it) can hand the recommender. */
class HostileInputIT {
    @TempDir Path work;

    private static final String SCRIPT = "<script>alert(1)</script>";

    @Test
    void labelValuesThatLookLikeYamlStayStringsAndInvalidOnesNeverReachASelector()
            throws Exception {
        EndpointRef web =
                Edges.meshed(
                        "shop",
                        "web",
                        "web",
                        "app",
                        "yes",
                        "version",
                        "1.0",
                        "tier",
                        "null",
                        "x",
                        "0x1F",
                        "team",
                        "a: b # c\n- x: 'y'",
                        "html",
                        SCRIPT,
                        "unicode",
                        "ünïcødé");
        EndpointRef api =
                Edges.meshed("shop", "api", "api", "app", "api", "owner", "\"quoted\" & {braces}");

        RecommenderRun run =
                RecommenderRun.of(
                        work, List.of(Edges.mediated(web, api, 8080, T0, "GET", "/v1/items", 5)));

        ObjectNode egress =
                find(run.documents("policies/kubernetes/shop.yaml"), "tandem-egress-web");
        JsonNode selector = egress.at("/spec/podSelector/matchLabels");
        assertThat(selector.get("app").isTextual()).isTrue();
        assertThat(selector.get("app").asText()).isEqualTo("yes");
        assertThat(selector.get("version").asText()).isEqualTo("1.0");
        assertThat(selector.has("team")).isFalse();
        assertThat(selector.has("html")).isFalse();
        ObjectNode calicoEgress =
                find(run.documents("policies/calico/shop.yaml"), "tandem-egress-web");
        assertThat(calicoEgress.at("/spec/selector").asText())
                .isEqualTo("app == 'yes' && version == '1.0'");
        for (String file : run.policyFiles()) {
            for (ObjectNode doc : run.documents(file)) {
                assertThat(CrdSchemas.violations(doc)).as(file).isEmpty();
            }
        }
        assertThat(run.file("report.html")).doesNotContain(SCRIPT).doesNotContain("<script");
        JsonNode labels = run.json().at("/rules/0/evidence/0/source/labels");
        assertThat(labels.get("team").asText()).isEqualTo("a: b # c\n- x: 'y'");
        assertThat(labels.get("unicode").asText()).isEqualTo("ünïcødé");
        assertThat(labels.get("html").asText()).isEqualTo(SCRIPT);
    }

    @Test
    void anHtmlOrMarkdownPayloadInANameIsShownAsText() throws Exception {
        EndpointRef evil =
                Edges.meshed(
                        "shop",
                        "x<img src=x onerror=alert(1)>|[a](http://e)",
                        "evil",
                        "app",
                        "evil");
        EndpointRef api = Edges.meshed("shop", "api", "api", "app", "api");

        RecommenderRun run =
                RecommenderRun.of(
                        work,
                        List.of(
                                Edges.mediated(evil, api, 8080, T0, "GET", "/<b>bold</b>", 1),
                                Edges.kernelOnly(
                                        evil, api, 9999, "tcp", T0, Verdict.BYPASS_INGRESS)));

        assertThat(run.file("report.html"))
                .doesNotContain("<img")
                .contains("x&lt;img src=x onerror=alert(1)&gt;");
        assertThat(run.file("report.md"))
                .doesNotContain("<img")
                .doesNotContain("[a](http")
                .contains("\\|\\[a\\](http://e)");
        assertThat(run.policyFiles()).allMatch(f -> f.startsWith("policies/"));
        ObjectNode egress =
                find(
                        run.documents("policies/calico/shop.yaml"),
                        "tandem-egress-x-img-src-x-onerror-alert-1-a-http-e-"
                                + crcOf("x<img src=x onerror=alert(1)>|[a](http://e)"));
        assertThat(CrdSchemas.violations(egress)).isEmpty();
    }

    @Test
    void aNamespaceThatIsNotAValidNameNeverBecomesAPath() throws Exception {
        EndpointRef escape = Edges.meshed("../../etc", "passwd", "x", "app", "x");
        EndpointRef api = Edges.meshed("shop", "api", "api", "app", "api");

        RecommenderRun run =
                RecommenderRun.of(
                        work, List.of(Edges.mediated(escape, api, 8080, T0, "GET", "/", 1)));

        assertThat(run.policyFiles())
                .containsExactly(
                        "policies/calico/shop.yaml",
                        "policies/istio/shop.yaml",
                        "policies/kubernetes/shop.yaml");
        try (Stream<Path> all = Files.walk(work)) {
            assertThat(all.filter(p -> p.getFileName().toString().startsWith("etc"))).isEmpty();
        }
        assertThat(run.json().get("needsReview").toString())
                .contains("PEER_NOT_EXPRESSIBLE", "INVALID_NAMESPACE");
    }

    @Test
    void tenThousandDistinctPathsStayWithinThePathBudget() throws Exception {
        EndpointRef web = Edges.meshed("shop", "web", "web", "app", "web");
        EndpointRef catalog = Edges.meshed("shop", "catalog", "catalog", "app", "catalog");
        List<EdgeWindow> windows = new ArrayList<>();
        for (int batch = 0; batch < 10; batch++) {
            Map<String, Long> paths = new LinkedHashMap<>();
            for (int i = 0; i < 1000; i++) {
                int n = batch * 1000 + i;
                paths.put(
                        n % 2 == 0 ? "/api/products/" + n : "/api/users/" + n + "/orders?page=" + n,
                        1L);
            }
            windows.add(
                    Edges.http(
                            web,
                            catalog,
                            8080,
                            T0.plusSeconds(300L * batch),
                            Map.of("GET", 1000L, "POST", 3L),
                            paths,
                            1000,
                            0,
                            Verdict.MEDIATED));
        }

        RecommenderRun run = RecommenderRun.of(work, windows);

        ObjectNode policy = find(run.documents("policies/istio/shop.yaml"), "tandem-catalog");
        JsonNode paths = policy.at("/spec/rules/0/to/0/operation/paths");
        assertThat(paths.size()).isLessThanOrEqualTo(PolicyPlanner.DEFAULT_PATH_BUDGET);
        assertThat(paths.toString()).isEqualTo("[\"/api/products/*\",\"/api/users/*\"]");
        assertThat(CrdSchemas.violations(policy)).isEmpty();
        assertThat(run.json().at("/simulation/l7Coverage").asDouble()).isEqualTo(1.0);
        assertThat(run.json().at("/rules/0/evidence/0/paths").size())
                .isEqualTo(RecommendationsJson.PATHS_LISTED);
    }

    @Test
    void anEmptyArchiveWritesNoPolicyAndSaysWhy() throws Exception {
        Path archive = Files.createDirectories(work.resolve("archive"));

        RecommenderRun run = RecommenderRun.over(archive, work.resolve("out"), true, null);

        assertThat(run.policyFiles()).isEmpty();
        assertThat(run.result().notice()).startsWith("No edge windows in " + archive);
        assertThat(run.json().get("rules")).isEmpty();
        assertThat(run.file("report.md")).contains("No edge windows in");
        assertThat(run.file("report.html")).contains("no policies written");
    }

    @Test
    void aMissingArchiveIsAnInputError() {
        assertThatThrownBy(
                        () ->
                                RecommenderRun.over(
                                        work.resolve("nope"), work.resolve("out"), true, null))
                .isInstanceOf(RecommendInputException.class)
                .hasMessage("edge archive " + work.resolve("nope") + " does not exist");
    }

    @Test
    void aCorruptArchiveFileIsAnInputErrorNamingTheFile() throws Exception {
        Path archive = work.resolve("archive");
        Path file = new EdgeArchiveWriter(archive, "test").write(Bookinfo.normalTraffic()).get(0);
        Files.write(file, new byte[] {'P', 'A', 'R', '1', 0, 0, 0});

        assertThatThrownBy(() -> RecommenderRun.over(archive, work.resolve("out"), true, null))
                .isInstanceOf(RecommendInputException.class)
                .hasMessageContaining(file.toString());
    }

    @Test
    void aPlaintextCallerBlocksStrictMtlsAndIsNamed() throws Exception {
        EndpointRef legacy = Edges.plain("shop", "legacy-batch", "legacy", "app", "legacy-batch");
        EndpointRef web = Edges.meshed("shop", "web", "web", "app", "web");
        EndpointRef api = Edges.meshed("shop", "api", "api", "app", "api");
        List<EdgeWindow> windows =
                List.of(
                        Edges.mediated(web, api, 8080, T0, "GET", "/v1/items", 5),
                        Edges.http(
                                legacy,
                                api,
                                8080,
                                T0,
                                Map.of("POST", 2L),
                                Map.of("/v1/import", 2L),
                                0,
                                2,
                                Verdict.PLAINTEXT));

        RecommenderRun run = RecommenderRun.of(work, windows);

        // An ALLOW policy on api would lock legacy-batch out and STRICT would break it: neither is
        // written.
        assertThat(run.policyFiles()).doesNotContain("policies/istio/shop.yaml");
        assertThat(run.json().at("/peerAuthentication/0/strictReady").asBoolean()).isFalse();
        assertThat(run.json().at("/peerAuthentication/0/l7PolicyWithheld").asBoolean()).isTrue();
        find(run.documents("policies/kubernetes/shop.yaml"), "tandem-ingress-api");
        assertThat(run.json().at("/peerAuthentication/0/plaintextCallers").toString())
                .isEqualTo("[\"shop/legacy-batch\"]");
        assertThat(run.file("report.md")).contains("| not ready | shop/legacy-batch |");
        assertThat(run.json().at("/simulation/l4Coverage").asDouble()).isEqualTo(1.0);
    }

    @Test
    void selectorsSharedByWorkloadsShowAsOverPermission() throws Exception {
        EndpointRef workerA = Edges.plain("jobs", "worker-a", "w", "app", "worker");
        EndpointRef workerB = Edges.plain("jobs", "worker-b", "w", "app", "worker");
        EndpointRef db = Edges.plain("jobs", "db", "db", "app", "db");
        List<EdgeWindow> windows =
                List.of(
                        Edges.kernelOnly(workerA, db, 5432, "tcp", T0, Verdict.UNMESHED),
                        Edges.kernelOnly(
                                workerB,
                                Edges.plain("jobs", "cache", "c", "app", "cache"),
                                6379,
                                "tcp",
                                T0,
                                Verdict.UNMESHED));

        RecommenderRun run = RecommenderRun.of(work, windows);

        JsonNode sim = run.json().get("simulation");
        assertThat(sim.get("l4Coverage").asDouble()).isEqualTo(1.0);
        assertThat(sim.get("overPermitted").toString())
                .contains(
                        "jobs/worker-b -> jobs/db:5432/tcp",
                        "jobs/worker-a -> jobs/cache:6379/tcp");
    }

    @Test
    void externalAddressesBecomeNetsAndNamesGoToReview() throws Exception {
        EndpointRef web = Edges.plain("shop", "web", "web", "app", "web");
        List<EdgeWindow> windows =
                List.of(
                        Edges.kernelOnly(
                                web,
                                EndpointRef.external("203.0.113.50"),
                                443,
                                "tcp",
                                T0,
                                Verdict.UNMESHED),
                        Edges.kernelOnly(
                                web,
                                EndpointRef.external("api.example.com"),
                                443,
                                "tcp",
                                T0,
                                Verdict.UNMESHED));

        RecommenderRun run = RecommenderRun.of(work, windows);

        ObjectNode egress = find(run.documents("policies/calico/shop.yaml"), "tandem-egress-web");
        assertThat(egress.at("/spec/egress/0/destination/nets/0").asText())
                .isEqualTo("203.0.113.50/32");
        assertThat(
                        find(run.documents("policies/kubernetes/shop.yaml"), "tandem-egress-web")
                                .at("/spec/egress/0/to/0/ipBlock/cidr")
                                .asText())
                .isEqualTo("203.0.113.50/32");
        assertThat(run.json().at("/needsReview/0/reason").asText())
                .isEqualTo("PEER_NOT_EXPRESSIBLE");
        assertThat(run.json().at("/needsReview/0/evidence/edge").asText())
                .contains("api.example.com");
    }

    private static String crcOf(String workload) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(workload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return String.format("%08x", crc.getValue());
    }

    private static ObjectNode find(List<ObjectNode> docs, String name) {
        return docs.stream()
                .filter(d -> d.at("/metadata/name").asText().equals(name))
                .findFirst()
                .orElseThrow(
                        () ->
                                new AssertionError(
                                        "no "
                                                + name
                                                + " in "
                                                + docs.stream()
                                                        .map(d -> d.at("/metadata/name").asText())
                                                        .toList()));
    }
}
