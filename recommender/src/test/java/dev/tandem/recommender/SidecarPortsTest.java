package dev.tandem.recommender;

import static dev.tandem.recommender.Edges.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.Verdict;
import dev.tandem.recommender.PolicyPlan.Direction;
import dev.tandem.recommender.PolicyPlan.L4Rule;
import dev.tandem.recommender.PolicyPlan.MtlsReadiness;
import dev.tandem.recommender.testing.CrdSchemas;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Kubelet probes and Prometheus scrapes reach the sidecar's own ports (15020, 15021, 15090) without
 * mTLS and without a mesh identity. Those ports are Envoy's, outside AuthorizationPolicy and
 * PeerAuthentication: they get L3/L4 allowances only, and never hold back the workload's Istio
 * policy.
 */
class SidecarPortsTest {
    private static final EndpointRef PRODUCTPAGE =
            Edges.meshed(
                    "bookinfo", "productpage-v1", "bookinfo-productpage", "app", "productpage");
    private static final EndpointRef DETAILS =
            Edges.meshed("bookinfo", "details-v1", "bookinfo-details", "app", "details");
    private static final EndpointRef PROMETHEUS =
            Edges.plain("istio-system", "prometheus", "prometheus", "app", "prometheus");
    private static final EndpointRef NODE_1 =
            new EndpointRef(null, "node-1", EndpointKind.HOST, Labels.empty(), false, null);

    /** Bookinfo's one hop plus the infrastructure that reaches every meshed pod. */
    private static PolicyPlan probedAndScraped() {
        EdgeAggregator aggregator = new EdgeAggregator();
        List<EdgeWindow> windows =
                List.of(
                        Edges.mediated(PRODUCTPAGE, DETAILS, 9080, T0, "GET", "/details/0", 20),
                        Edges.kernelOnly(NODE_1, DETAILS, 15020, "tcp", T0, Verdict.MEDIATED),
                        Edges.kernelOnly(NODE_1, DETAILS, 15021, "tcp", T0, Verdict.MEDIATED),
                        Edges.kernelOnly(PROMETHEUS, DETAILS, 15090, "tcp", T0, Verdict.MEDIATED),
                        Edges.kernelOnly(PROMETHEUS, DETAILS, 15020, "tcp", T0, Verdict.MEDIATED));
        windows.forEach(aggregator);
        return new PolicyPlanner(new Principals("cluster.local"), 32).plan(aggregator.edges());
    }

    @Test
    void probesAndScrapesOfSidecarPortsDoNotWithholdTheIstioPolicy() {
        PolicyPlan plan = probedAndScraped();

        assertThat(plan.needsReview()).isEmpty();
        assertThat(plan.l7Policies())
                .singleElement()
                .satisfies(
                        policy -> {
                            assertThat(policy.target().workload()).isEqualTo("details-v1");
                            assertThat(policy.rules())
                                    .extracting(r -> r.principal() + ":" + r.port())
                                    .containsExactly(
                                            "cluster.local/ns/bookinfo/sa/bookinfo-productpage:9080");
                        });
        assertThat(plan.mtls())
                .singleElement()
                .extracting(MtlsReadiness::strict, MtlsReadiness::l7Withheld)
                .containsExactly(true, false);
        assertThat(plan.allowNothingNamespaces()).containsExactly("bookinfo");
    }

    @Test
    void probesAndScrapesStillGetInfrastructureAllowancesAtL4() {
        PolicyPlan plan = probedAndScraped();

        assertThat(plan.l4Rules())
                .filteredOn(r -> r.direction() == Direction.INGRESS)
                .filteredOn(r -> r.target().workload().equals("details-v1"))
                .extracting(r -> r.peer().display() + " " + r.port())
                .containsExactly(
                        "bookinfo/{app=productpage} 9080",
                        "host:node-1 15020",
                        "host:node-1 15021",
                        "istio-system/{app=prometheus} 15020",
                        "istio-system/{app=prometheus} 15090");
        Simulation simulation = new Simulator(new Principals("cluster.local")).simulate(plan);
        assertThat(simulation.uncoveredL4()).isEmpty();
        assertThat(simulation.uncoveredL7()).isEmpty();
        assertThat(simulation.l7Edges()).isEqualTo(1);
    }

    @Test
    void calicoSelectsTheProbingNodeByItsHostnameLabel() {
        PolicyPlan plan = probedAndScraped();

        List<Map<String, Object>> docs = CalicoPolicies.render(plan, false).get("bookinfo");
        ObjectMapper json = new ObjectMapper();
        for (Map<String, Object> doc : docs) {
            assertThat(CrdSchemas.violations(json.valueToTree(doc)))
                    .as(String.valueOf(doc.get("metadata")))
                    .isEmpty();
        }
        assertThat(Yaml.documents(docs))
                .contains("namespaceSelector: \"global()\"")
                .contains("selector: \"kubernetes.io/hostname == 'node-1'\"");
    }

    @Test
    void kubernetesLeavesNodeTrafficToTheApisOwnGuarantee() {
        PolicyPlan plan = probedAndScraped();

        List<Map<String, Object>> docs = KubernetesPolicies.render(plan).get("bookinfo");
        ObjectMapper json = new ObjectMapper();
        for (Map<String, Object> doc : docs) {
            assertThat(CrdSchemas.violations(json.valueToTree(doc))).isEmpty();
        }
        String yaml = Yaml.documents(docs);
        assertThat(yaml).doesNotContain("node-1").doesNotContain("15021").contains("15090");
    }

    @Test
    void theReportSaysWhichNodeRulesTheKubernetesPoliciesLeaveOut() {
        PolicyPlan plan = probedAndScraped();

        String summary = MarkdownReport.render(report(plan)).split("\n## ")[1];

        assertThat(KubernetesPolicies.leftOut(plan))
                .extracting(KubernetesPolicies::describe)
                .containsExactly(
                        "node node-1 -> bookinfo/details-v1 on TCP/15020",
                        "node node-1 -> bookinfo/details-v1 on TCP/15021");
        assertThat(summary)
                .startsWith("Summary")
                .contains("The Kubernetes NetworkPolicies leave out 2 rules whose peer is a node")
                .contains(
                        "node node-1 -> bookinfo/details-v1 on TCP/15020, node node-1 ->"
                                + " bookinfo/details-v1 on TCP/15021.");
    }

    @Test
    void withoutNodeRulesTheReportHasNothingToSayAboutThem() {
        EdgeAggregator aggregator = new EdgeAggregator();
        aggregator.accept(Edges.mediated(PRODUCTPAGE, DETAILS, 9080, T0, "GET", "/details/0", 20));
        PolicyPlan plan =
                new PolicyPlanner(new Principals("cluster.local"), 32).plan(aggregator.edges());

        assertThat(KubernetesPolicies.leftOut(plan)).isEmpty();
        assertThat(MarkdownReport.render(report(plan))).doesNotContain("leave out");
    }

    private static Report report(PolicyPlan plan) {
        Simulation simulation = new Simulator(new Principals("cluster.local")).simulate(plan);
        RunInfo run = new RunInfo("archive", "all", 5, 1, "cluster.local", false);
        return ReportBuilder.build(run, plan, simulation, null, null);
    }

    @Test
    void aNodeNameThatIsNoLabelValueStaysForReview() {
        EndpointRef oddNode =
                new EndpointRef(
                        null,
                        "node_" + "x".repeat(70),
                        EndpointKind.HOST,
                        Labels.empty(),
                        false,
                        null);
        EdgeAggregator aggregator = new EdgeAggregator();
        aggregator.accept(Edges.kernelOnly(oddNode, DETAILS, 15021, "tcp", T0, Verdict.MEDIATED));

        PolicyPlan plan =
                new PolicyPlanner(new Principals("cluster.local"), 32).plan(aggregator.edges());

        assertThat(plan.l4Rules()).extracting(L4Rule::port).doesNotContain(15021);
        assertThat(plan.needsReview())
                .extracting(r -> r.reason())
                .containsExactly(PolicyPlan.ReviewReason.PEER_NOT_EXPRESSIBLE);
    }
}
