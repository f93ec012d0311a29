package dev.tandem.recommender;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.testing.SharedFiles;
import dev.tandem.recommender.testing.CrdSchemas;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bookinfo's traffic through a real archive into policies, checked against Istio's own policies.
 */
class BookinfoRecommendationIT {
    @TempDir Path work;

    private static List<EdgeWindow> bookinfoWithFindings() {
        List<EdgeWindow> all = new ArrayList<>(Bookinfo.normalTraffic());
        all.addAll(Bookinfo.findings());
        return all;
    }

    @Test
    void writesEveryOutputFile() throws Exception {
        RecommenderRun run = RecommenderRun.of(work, bookinfoWithFindings());

        assertThat(run.policyFiles())
                .containsExactly(
                        "policies/calico/default.yaml",
                        "policies/istio/default.yaml",
                        "policies/kubernetes/default.yaml");
        assertThat(run.out().resolve("recommendations.json")).isRegularFile();
        assertThat(run.out().resolve("report.md")).isRegularFile();
        assertThat(run.out().resolve("report.html")).isRegularFile();
        assertThat(run.result().windowsRead()).isEqualTo(50);
    }

    @Test
    void istioPoliciesGrantWhatIstiosOfficialBookinfoPoliciesGrantAndNothingMore()
            throws Exception {
        RecommenderRun run = RecommenderRun.of(work, bookinfoWithFindings());
        Map<String, Grants> ours = grantsByApp(run.documents("policies/istio/default.yaml"));
        Map<String, Grants> official = grantsByApp(officialPolicies());

        for (String app : List.of("details", "reviews", "ratings")) {
            assertThat(ours.get(app)).as(app).isEqualTo(official.get(app));
        }
        // Istio's productpage-viewer allows GET from anyone; we allow GET from the one caller seen.
        assertThat(official.get("productpage").principals).isEmpty();
        assertThat(ours.get("productpage").methods).isEqualTo(official.get("productpage").methods);
        assertThat(ours.get("productpage").principals)
                .containsExactly(
                        "cluster.local/ns/istio-system/sa/istio-ingressgateway-service-account");
    }

    @Test
    void everyDocumentValidatesAgainstTheRealSchemas() throws Exception {
        for (boolean staged : List.of(true, false)) {
            RecommenderRun run =
                    RecommenderRun.of(
                            work.resolve("staged-" + staged), bookinfoWithFindings(), staged, null);
            int validated = 0;
            for (String file : run.policyFiles()) {
                for (ObjectNode doc : run.documents(file)) {
                    assertThat(CrdSchemas.violations(doc))
                            .as(file + " " + doc.path("metadata").path("name"))
                            .isEmpty();
                    validated++;
                }
            }
            assertThat(validated).isGreaterThan(15);
            assertThat(run.documents("policies/calico/default.yaml"))
                    .extracting(d -> d.path("kind").asText())
                    .containsOnly(staged ? "StagedNetworkPolicy" : "NetworkPolicy");
        }
    }

    @Test
    void theSchemaCheckCatchesAnInvalidDocument() throws Exception {
        RecommenderRun run = RecommenderRun.of(work, bookinfoWithFindings());
        ObjectNode policy = run.documents("policies/istio/default.yaml").get(1);
        ((ObjectNode) policy.get("spec")).put("action", "PERMIT");
        ObjectNode calico = run.documents("policies/calico/default.yaml").get(0);
        ((ObjectNode) calico.get("spec")).put("stagedAction", "Maybe");

        assertThat(CrdSchemas.violations(policy)).isNotEmpty();
        assertThat(CrdSchemas.violations(calico)).isNotEmpty();
    }

    @Test
    void selectorsUseStableLabelsOnly() throws Exception {
        RecommenderRun run = RecommenderRun.of(work, bookinfoWithFindings());

        for (String file : run.policyFiles()) {
            assertThat(run.file(file))
                    .as(file)
                    .doesNotContain("pod-template-hash")
                    .doesNotContain("tlsMode")
                    .doesNotContain("canonical-name");
        }
        ObjectNode reviewsV2 =
                find(
                        run.documents("policies/kubernetes/default.yaml"),
                        "tandem-ingress-reviews-v2");
        assertThat(reviewsV2.at("/spec/podSelector/matchLabels").toString())
                .isEqualTo("{\"app\":\"reviews\",\"version\":\"v2\"}");
    }

    @Test
    void bypassIsNeverAllowedAndDeniedStaysDenied() throws Exception {
        RecommenderRun run = RecommenderRun.of(work, bookinfoWithFindings());
        JsonNode json = run.json();

        List<String> ruleEdges = new ArrayList<>();
        json.get("rules")
                .forEach(
                        r -> r.get("evidence").forEach(e -> ruleEdges.add(e.get("edge").asText())));
        assertThat(ruleEdges)
                .doesNotContain(
                        "default/reviews-v1 -> default/ratings-v1:9080/tcp",
                        "default/details-v1 -> default/ratings-v1:9080/tcp");
        assertThat(json.at("/needsReview/0/reason").asText()).isEqualTo("BYPASS_EGRESS");
        assertThat(json.at("/needsReview/0/evidence/edge").asText())
                .isEqualTo("default/reviews-v1 -> default/ratings-v1:9080/tcp");
        assertThat(json.at("/denied/0/edge").asText())
                .isEqualTo("default/details-v1 -> default/ratings-v1:9080/tcp");
        ObjectNode ratingsIngress =
                find(run.documents("policies/calico/default.yaml"), "tandem-ingress-ratings-v1");
        assertThat(ratingsIngress.at("/spec/ingress").toString())
                .doesNotContain("'v1'")
                .contains("'v2'", "'v3'");
        assertThat(run.file("report.md"))
                .contains("BYPASS\\_EGRESS", "default/reviews-v1 -> default/ratings-v1:9080/tcp");
    }

    @Test
    void namespaceGetsDefaultDenyWithDnsAndLayersAgree() throws Exception {
        RecommenderRun run = RecommenderRun.of(work, bookinfoWithFindings());

        ObjectNode calicoDeny =
                find(run.documents("policies/calico/default.yaml"), "tandem-default-deny");
        assertThat(calicoDeny.at("/spec/selector").asText()).isEqualTo("all()");
        assertThat(calicoDeny.at("/spec/egress/0/destination/selector").asText())
                .isEqualTo("k8s-app == 'kube-dns'");
        ObjectNode k8sDeny =
                find(run.documents("policies/kubernetes/default.yaml"), "tandem-default-deny");
        assertThat(k8sDeny.at("/spec/policyTypes").toString())
                .isEqualTo("[\"Ingress\",\"Egress\"]");
        assertThat(k8sDeny.at("/spec/egress/0/ports/0/port").asInt()).isEqualTo(53);
        assertThat(names(run.documents("policies/calico/default.yaml")))
                .isEqualTo(names(run.documents("policies/kubernetes/default.yaml")));
        // No policy is ever written into the control-plane namespaces.
        assertThat(run.policyFiles())
                .noneMatch(f -> f.contains("kube-system") || f.contains("istio-system"));
    }

    @Test
    void peerAuthenticationStrictForEveryDestinationWhoseCallersAllUsedMtls() throws Exception {
        RecommenderRun run = RecommenderRun.of(work, bookinfoWithFindings());

        List<String> strict = new ArrayList<>();
        for (ObjectNode doc : run.documents("policies/istio/default.yaml")) {
            if (doc.path("kind").asText().equals("PeerAuthentication")) {
                assertThat(doc.at("/spec/mtls/mode").asText()).isEqualTo("STRICT");
                strict.add(doc.at("/metadata/name").asText());
            }
        }
        assertThat(strict)
                .containsExactly(
                        "tandem-details-v1",
                        "tandem-productpage-v1",
                        "tandem-ratings-v1",
                        "tandem-reviews-v1",
                        "tandem-reviews-v2",
                        "tandem-reviews-v3");
    }

    @Test
    void simulatorCoversEveryLegitimateEdge() throws Exception {
        RecommenderRun run = RecommenderRun.of(work, bookinfoWithFindings());
        JsonNode sim = run.json().get("simulation");

        assertThat(sim.get("legitimateEdges").asInt()).isEqualTo(8);
        assertThat(sim.get("l4Coverage").asDouble()).isEqualTo(1.0);
        assertThat(sim.get("l7Coverage").asDouble()).isEqualTo(1.0);
        assertThat(sim.get("uncoveredL4")).isEmpty();
        assertThat(sim.get("overPermitted")).isEmpty();
    }

    @Test
    void twoRunsAreByteIdenticalWhateverTheInputOrder() throws Exception {
        List<EdgeWindow> shuffled = new ArrayList<>(bookinfoWithFindings());
        Collections.shuffle(shuffled, new Random(7));

        RecommenderRun first = RecommenderRun.of(work.resolve("a"), bookinfoWithFindings());
        RecommenderRun second = RecommenderRun.of(work.resolve("b"), shuffled);

        List<String> files = new ArrayList<>(first.policyFiles());
        files.addAll(List.of("recommendations.json", "report.md", "report.html"));
        for (String file : files) {
            String a = first.file(file).replace(work.resolve("a").toString(), "WORK");
            String b = second.file(file).replace(work.resolve("b").toString(), "WORK");
            assertThat(a).as(file).isEqualTo(b);
        }
        RecommenderRun again =
                RecommenderRun.over(work.resolve("a/archive"), work.resolve("a/out"), true, null);
        assertThat(again.file("report.html")).isEqualTo(first.file("report.html"));
    }

    @Test
    void everyRuleCarriesItsEvidence() throws Exception {
        JsonNode rules = RecommenderRun.of(work, bookinfoWithFindings()).json().get("rules");

        assertThat(rules.size()).isGreaterThan(10);
        for (JsonNode rule : rules) {
            JsonNode evidence = rule.at("/evidence/0");
            assertThat(evidence.get("edge").asText()).contains(" -> ");
            assertThat(evidence.get("windows").asLong()).isPositive();
            assertThat(evidence.get("firstSeen").asText()).isEqualTo("2026-11-20T10:00:00Z");
            assertThat(evidence.get("lastSeen").asText()).isEqualTo("2026-11-20T10:30:00Z");
            assertThat(evidence.get("confidence").asDouble()).isBetween(0.0, 1.0);
        }
    }

    @Test
    void diffAgainstThePreviousRunListsAddedAndRemovedRules() throws Exception {
        List<EdgeWindow> withoutDetails = new ArrayList<>();
        for (EdgeWindow w : Bookinfo.normalTraffic()) {
            if (!w.destination().workload().equals("details-v1")) {
                withoutDetails.add(w);
            }
        }
        RecommenderRun previous = RecommenderRun.of(work.resolve("yesterday"), withoutDetails);

        RecommenderRun today =
                RecommenderRun.of(
                        work.resolve("today"), Bookinfo.normalTraffic(), true, previous.out());

        JsonNode diff = today.json().get("diff");
        assertThat(diff.get("removed")).isEmpty();
        assertThat(diff.get("added").toString())
                .contains(
                        "l4/default/tandem-ingress-details-v1/ingress/default/{app=productpage,version=v1}/TCP/9080",
                        "l7/default/tandem-details-v1/cluster.local/ns/default/sa/bookinfo-productpage/9080");
        assertThat(diff.get("newEdges").toString())
                .isEqualTo("[\"default/productpage-v1 -> default/details-v1:9080/tcp\"]");
        assertThat(diff.get("removedEdges")).isEmpty();
        assertThat(today.file("report.md"))
                .contains("## Policy changes since the previous run")
                .contains("## New edges")
                .contains("| default/productpage-v1 -> default/details-v1:9080/tcp |");
        assertThat(today.result().chatSummary().lines())
                .contains("Rules since the previous run: 3 new, 0 removed; edges: 1 new, 0 gone.");
    }

    private static ObjectNode find(List<ObjectNode> docs, String name) {
        return docs.stream()
                .filter(d -> d.at("/metadata/name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + names(docs)));
    }

    private static List<String> names(List<ObjectNode> docs) {
        return docs.stream().map(d -> d.at("/metadata/name").asText()).toList();
    }

    private static List<ObjectNode> officialPolicies() throws Exception {
        Path file =
                SharedFiles.path(
                        "topologies/bookinfo/istio-io_authz-http_bookinfo-authorizationpolicies.yaml");
        List<ObjectNode> docs = new ArrayList<>();
        var it =
                RecommenderRun.YAML.readValues(
                        new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()
                                .createParser(Files.readString(file)),
                        ObjectNode.class);
        while (it.hasNext()) {
            docs.add(it.next());
        }
        return docs;
    }

    /** Principals and methods an app's ALLOW policies grant, over all of them. */
    record Grants(TreeSet<String> principals, TreeSet<String> methods) {}

    private static Map<String, Grants> grantsByApp(List<ObjectNode> docs) {
        Map<String, Grants> out = new TreeMap<>();
        for (ObjectNode doc : docs) {
            String app = doc.at("/spec/selector/matchLabels/app").asText();
            if (!doc.path("kind").asText().equals("AuthorizationPolicy") || app.isEmpty()) {
                continue;
            }
            Grants grants =
                    out.computeIfAbsent(app, a -> new Grants(new TreeSet<>(), new TreeSet<>()));
            for (JsonNode rule : doc.at("/spec/rules")) {
                rule.path("from")
                        .forEach(
                                f ->
                                        f.at("/source/principals")
                                                .forEach(p -> grants.principals.add(p.asText())));
                rule.path("to")
                        .forEach(
                                t ->
                                        t.at("/operation/methods")
                                                .forEach(m -> grants.methods.add(m.asText())));
            }
        }
        return out;
    }
}
