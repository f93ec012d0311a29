package dev.tandem.recommender;

import static dev.tandem.recommender.Edges.T0;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.KernelEvidence;
import dev.tandem.ingest.model.ProxyEvidence;
import dev.tandem.ingest.model.Verdict;
import dev.tandem.recommender.testing.CrdSchemas;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** External peers: the address for NetworkPolicy, the DNS name the proxy saw for Istio. */
class ExternalPeersIT {
    private static final EndpointRef CURRENCY =
            Edges.meshed("shop", "currencyservice", "currency", "app", "currencyservice");
    private static final EndpointRef PAYMENTS_IP = EndpointRef.external("203.0.113.50");
    private static final EndpointRef STRIPE_BY_NAME = EndpointRef.external("api.stripe.com");

    @TempDir Path work;

    /** The client sidecar sent the connection out; it logged {@code authorities}. */
    private static EdgeWindow outbound(
            EndpointRef to, int port, Map<String, Long> methods, String... authorities) {
        ProxyEvidence proxy =
                new ProxyEvidence(
                        7,
                        0,
                        0,
                        0,
                        new TreeMap<>(methods),
                        null,
                        null,
                        List.of(),
                        List.of(authorities));
        KernelEvidence kernel =
                new KernelEvidence(2, 0, 7, 9000, 40, 2, 0, List.of("envoy"), List.of());
        return new EdgeWindow(
                CURRENCY,
                to,
                port,
                "tcp",
                T0,
                T0.plusSeconds(300),
                kernel,
                proxy,
                Verdict.UNMESHED,
                0.9,
                "test");
    }

    private static List<EdgeWindow> traffic() {
        List<EdgeWindow> all = new ArrayList<>();
        all.add(
                outbound(
                        PAYMENTS_IP,
                        443,
                        Map.of(),
                        "api.payments.example:443",
                        "*.wildcard.example",
                        "kubernetes.default.svc",
                        "10.0.0.7:443",
                        "<b>evil</b>.example"));
        all.add(outbound(PAYMENTS_IP, 80, Map.of("GET", 3L), "api.payments.example"));
        all.add(outbound(STRIPE_BY_NAME, 443, Map.of()));
        all.add(outbound(EndpointRef.external("198.51.100.9"), 5432, Map.of()));
        return all;
    }

    @Test
    void calicoAndKubernetesAllowTheAddressIstioNamesTheHost() throws Exception {
        RecommenderRun run = RecommenderRun.of(work, traffic());

        assertThat(run.file("policies/calico/shop.yaml"))
                .contains("\"203.0.113.50/32\"", "\"198.51.100.9/32\"")
                .doesNotContain("domains")
                .doesNotContain("stripe");
        assertThat(run.file("policies/kubernetes/shop.yaml"))
                .contains("\"203.0.113.50/32\"")
                .doesNotContain("stripe");

        List<ObjectNode> entries =
                run.documents("policies/istio/shop.yaml").stream()
                        .filter(d -> d.path("kind").asText().equals("ServiceEntry"))
                        .toList();
        assertThat(entries)
                .extracting(d -> d.at("/spec/hosts/0").asText())
                .containsExactly("api.payments.example", "api.stripe.com");
        ObjectNode payments = entries.get(0);
        assertThat(payments.at("/apiVersion").asText()).isEqualTo("networking.istio.io/v1");
        assertThat(payments.at("/spec/ports").toString())
                .isEqualTo(
                        "[{\"number\":80,\"name\":\"http-80\",\"protocol\":\"HTTP\"},"
                                + "{\"number\":443,\"name\":\"tls-443\",\"protocol\":\"TLS\"}]");
        assertThat(payments.at("/spec/exportTo").toString()).isEqualTo("[\".\"]");
        assertThat(payments.at("/spec/location").asText()).isEqualTo("MESH_EXTERNAL");
        assertThat(payments.at("/spec/resolution").asText()).isEqualTo("DNS");
        assertThat(payments.at("/metadata/name").asText()).startsWith("tandem-external-api-");
        for (ObjectNode doc : run.documents("policies/istio/shop.yaml")) {
            assertThat(CrdSchemas.violations(doc)).as(doc.toString()).isEmpty();
        }
        for (String layer : List.of("calico", "kubernetes")) {
            for (ObjectNode doc : run.documents("policies/" + layer + "/shop.yaml")) {
                assertThat(CrdSchemas.violations(doc)).as(doc.toString()).isEmpty();
            }
        }
    }

    @Test
    void recommendationsCarryTheNamesWithTheirEvidence() throws Exception {
        JsonNode json = RecommenderRun.of(work, traffic()).json();

        JsonNode rule = null;
        for (JsonNode r : json.get("rules")) {
            if (r.path("peer").asText().equals("203.0.113.50/32")
                    && r.path("port").asInt() == 443) {
                rule = r;
            }
        }
        assertThat(rule).isNotNull();
        assertThat(rule.get("domains").toString()).isEqualTo("[\"api.payments.example\"]");
        assertThat(json.at("/summary/serviceEntries").asInt()).isEqualTo(2);
        JsonNode entry = json.at("/serviceEntries/0");
        assertThat(entry.get("id").asText()).isEqualTo("serviceentry/shop/api.payments.example");
        assertThat(entry.get("evidence")).hasSize(2);
        assertThat(entry.at("/evidence/1/authorities").toString())
                .contains("api.payments.example:443");

        JsonNode review = json.at("/needsReview/0");
        assertThat(review.get("reason").asText()).isEqualTo("PEER_NOT_EXPRESSIBLE");
        assertThat(review.get("detail").asText())
                .contains("known only by name (api.stripe.com)")
                .contains("ServiceEntry");
    }

    @Test
    void onlyPublicDnsNamesQualify() {
        assertThat(ExternalNames.hostOf("API.Payments.Example:443"))
                .isEqualTo("api.payments.example");
        assertThat(ExternalNames.hostOf("api.example.com.")).isEqualTo("api.example.com");
        assertThat(ExternalNames.hostOf("203.0.113.50")).isNull();
        assertThat(ExternalNames.hostOf("[2001:db8::1]:443")).isNull();
        assertThat(ExternalNames.hostOf("2001:db8::1")).isNull();
        assertThat(ExternalNames.hostOf("*.example.com")).isNull();
        assertThat(ExternalNames.hostOf("reviews.default.svc.cluster.local")).isNull();
        assertThat(ExternalNames.hostOf("localhost")).isNull();
        assertThat(ExternalNames.hostOf("a.example.com:http")).isNull();
        assertThat(ExternalNames.hostOf("x\".example.com")).isNull();
    }
}
