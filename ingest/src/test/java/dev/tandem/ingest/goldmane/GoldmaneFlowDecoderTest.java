package dev.tandem.ingest.goldmane;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.model.DestinationService;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowCounters;
import dev.tandem.ingest.model.FlowEndpoint;
import dev.tandem.ingest.model.FlowEndpointType;
import dev.tandem.ingest.model.FlowOrigin;
import dev.tandem.ingest.model.FlowReporter;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.PolicyHit;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Goldmane flows as its emitter and protojson write them. The fixtures in {@code
 * src/test/resources/goldmane/} are hand-written: their field names, enum numbers and the emitter's
 * wire form come from projectcalico/calico {@code goldmane/proto/api.proto}, {@code
 * goldmane/pkg/emitter/emitter.go} (Go {@code encoding/json}, one flow per line) and {@code
 * goldmane/proto/methods.go} (how a policy hit is named); {@code goldmane/SOURCE.txt} says more.
 */
class GoldmaneFlowDecoderTest {
    private static final String EMITTER = "goldmane/emitter-proto-names.ndjson";
    private static final String CAMEL_CASE = "goldmane/protojson-camel-case.ndjson";
    private static final String UPPER_ENUMS = "goldmane/protojson-proto-names-upper-enums.ndjson";

    private static final Instant T0 = Instant.ofEpochSecond(1763632800);
    private static final Instant T0_PLUS_15S = T0.plusSeconds(15);
    private static final Instant T0_PLUS_30S = T0.plusSeconds(30);

    private final GoldmaneFlowDecoder decoder = new GoldmaneFlowDecoder();

    @Test
    void sourceNameIsGoldmane() {
        assertThat(decoder.sourceName()).isEqualTo("goldmane");
    }

    @Test
    void allowedGrpcCallFromFrontendToCheckout() throws IOException {
        KernelFlow flow = decodeOk(fixture(EMITTER).get(0));

        assertThat(flow.origin()).isEqualTo(FlowOrigin.GOLDMANE);
        assertThat(flow.start()).isEqualTo(T0);
        assertThat(flow.end()).isEqualTo(T0_PLUS_15S);
        FlowEndpoint source = flow.source();
        assertThat(source.ip()).isNull();
        assertThat(source.name()).isNull();
        assertThat(source.nameAggregate()).isEqualTo("frontend-7d9c6b8f4-*");
        assertThat(source.workloadName()).isEqualTo("frontend");
        assertThat(source.namespace()).isEqualTo("online-boutique");
        assertThat(source.type()).isEqualTo(FlowEndpointType.WEP);
        assertThat(source.port()).isNull();
        assertThat(source.labels().carriesIstioSidecar()).isTrue();
        assertThat(source.labels().asMap())
                .containsExactly(
                        Map.entry("app", "frontend"),
                        Map.entry("security.istio.io/tlsMode", "istio"),
                        Map.entry("service.istio.io/canonical-name", "frontend"));
        assertThat(flow.destination().nameAggregate()).isEqualTo("checkoutservice-598d5b586d-*");
        assertThat(flow.destination().workloadName()).isEqualTo("checkoutservice");
        assertThat(flow.destination().port()).isEqualTo(5050);
        assertThat(flow.destinationPort()).isEqualTo(5050);
        assertThat(flow.destinationService())
                .isEqualTo(
                        new DestinationService("online-boutique", "checkoutservice", "grpc", 5050));
        assertThat(flow.protocol()).isEqualTo("tcp");
        assertThat(flow.action()).isEqualTo(FlowAction.ALLOW);
        assertThat(flow.reporters()).containsExactly(FlowReporter.DST);
        // rule_index and policy_index were 0, so Go's omitempty left them out.
        PolicyHit checkout =
                new PolicyHit(0, "default", "online-boutique/checkoutservice", "allow", 0, false);
        assertThat(flow.policies().enforced()).containsExactly(checkout);
        assertThat(flow.policies().pending()).containsExactly(checkout);
        assertThat(flow.policies().all()).isEmpty();
        assertThat(flow.policies().transit()).isEmpty();
        // numFlows = connections started + still live.
        assertThat(flow.counters()).isEqualTo(new FlowCounters(9120, 15344, 42, 38, 4, 3, 2, 0, 0));
        assertThat(flow.processNames()).isEmpty();
        assertThat(flow.originalSourceIps()).isEmpty();
        assertThat(flow.destinationDomains()).isEmpty();
        assertThat(flow.host()).isNull();
        assertThat(flow.tcpStats()).isNull();
    }

    @Test
    void deniedFlowNamesTheTriggeringPolicyOfTheEndOfTierAndTheStagedPolicy() throws IOException {
        KernelFlow flow = decodeOk(fixture(EMITTER).get(1));

        assertThat(flow.action()).isEqualTo(FlowAction.DENY);
        assertThat(flow.source().workloadName()).isEqualTo("loadgenerator");
        assertThat(flow.destination().workloadName()).isEqualTo("paymentservice");
        assertThat(flow.destinationPort()).isEqualTo(50051);
        PolicyHit securityPass = new PolicyHit(0, "security", "tenant-boutique", "pass", 0, false);
        // Calico would write "1|application|online-boutique/paymentservice|deny|-1".
        PolicyHit endOfTier =
                new PolicyHit(
                        1, "application", "online-boutique/paymentservice", "deny", -1, false);
        assertThat(flow.policies().enforced()).containsExactly(securityPass, endOfTier);
        assertThat(flow.policies().pending())
                .containsExactly(
                        securityPass,
                        new PolicyHit(
                                1,
                                "application",
                                "online-boutique/application.staged:paymentservice-lockdown",
                                "deny",
                                2,
                                true));
        // Zero counters were left out by the emitter.
        assertThat(flow.counters()).isEqualTo(new FlowCounters(300, 0, 5, 0, 1, 1, 0, 0, 0));
    }

    @Test
    void publicNetworkSourceAllowedByTheNamespaceProfile() throws IOException {
        KernelFlow flow = decodeOk(fixture(EMITTER).get(2));

        assertThat(flow.source().nameAggregate()).isEqualTo("pub");
        assertThat(flow.source().type()).isEqualTo(FlowEndpointType.NET);
        assertThat(flow.source().namespace()).isNull();
        assertThat(flow.source().labels().isEmpty()).isTrue();
        assertThat(flow.destinationService()).isNull();
        assertThat(flow.start()).isEqualTo(T0_PLUS_15S);
        assertThat(flow.end()).isEqualTo(T0_PLUS_30S);
        // Named as Calico Enterprise names profiles: "__PROFILE__.kns.policy-demo".
        assertThat(flow.policies().enforced())
                .containsExactly(
                        new PolicyHit(
                                0,
                                "__PROFILE__",
                                "__PROFILE__.kns.online-boutique",
                                "allow",
                                0,
                                false));
        assertThat(flow.counters().bytesOut()).isEqualTo(612004);
        assertThat(flow.counters().numFlows()).isEqualTo(12);
    }

    @Test
    void dnsOverUdpReportedAtTheSourceAllowedByAKubernetesNetworkPolicy() throws IOException {
        KernelFlow flow = decodeOk(fixture(EMITTER).get(3));

        assertThat(flow.protocol()).isEqualTo("udp");
        assertThat(flow.reporters()).containsExactly(FlowReporter.SRC);
        assertThat(flow.destination().namespace()).isEqualTo("kube-system");
        assertThat(flow.destination().workloadName()).isEqualTo("coredns");
        assertThat(flow.destination().labels().get("k8s-app")).isEqualTo("kube-dns");
        assertThat(flow.destinationService())
                .isEqualTo(new DestinationService("kube-system", "kube-dns", "dns", 53));
        assertThat(flow.policies().enforced())
                .containsExactly(
                        new PolicyHit(
                                0,
                                "default",
                                "online-boutique/knp.default.allow-dns-egress",
                                "allow",
                                1,
                                false));
    }

    @Test
    void everyEmitterLineDecodes() throws IOException {
        List<String> lines = fixture(EMITTER);
        assertThat(lines).hasSize(4);
        for (String line : lines) {
            assertThat(decodeOk(line).origin()).isEqualTo(FlowOrigin.GOLDMANE);
        }
    }

    @Test
    void protojsonCamelCaseWithStringInt64sDecodesToTheSameFlows() throws IOException {
        List<String> emitter = fixture(EMITTER);
        List<String> camel = fixture(CAMEL_CASE);
        assertThat(camel).hasSize(2);
        assertThat(camel.get(0)).contains("\"numConnectionsStarted\":\"3\"");

        for (int i = 0; i < camel.size(); i++) {
            assertThat(decodeOk(camel.get(i))).isEqualTo(decodeOk(emitter.get(i)));
        }
    }

    @Test
    void protoNamesWithUpperSnakeEnumsAndLowerCaseKeyDecodeToTheSameFlows() throws IOException {
        List<String> emitter = fixture(EMITTER);
        List<String> upper = fixture(UPPER_ENUMS);
        assertThat(upper).hasSize(2);
        assertThat(upper.get(1)).contains("\"ACTION_DENY\"").startsWith("{\"key\":");

        for (int i = 0; i < upper.size(); i++) {
            assertThat(decodeOk(upper.get(i))).isEqualTo(decodeOk(emitter.get(i)));
        }
    }

    @Test
    void aFlowResultWrapperFromTheFlowsApiIsUnwrapped() throws IOException {
        String flow = fixture(EMITTER).get(0);

        KernelFlow wrapped = decodeOk("{\"id\":\"17\",\"flow\":" + flow + "}");

        assertThat(wrapped).isEqualTo(decodeOk(flow));
    }

    @Test
    void decodingIsDeterministic() throws IOException {
        for (String line : fixture(EMITTER)) {
            byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
            assertThat(decoder.decode(bytes, 0)).isEqualTo(decoder.decode(bytes, 0));
        }
    }

    private KernelFlow decodeOk(String line) {
        Decoded<KernelFlow> result = decoder.decode(line.getBytes(StandardCharsets.UTF_8), 1);
        assertThat(result.isOk()).as("decoded %s", result).isTrue();
        return result.value();
    }

    static List<String> fixture(String resource) throws IOException {
        try (InputStream in =
                GoldmaneFlowDecoderTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertThat(in).as("test resource %s", resource).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .filter(line -> !line.isBlank())
                    .toList();
        }
    }
}
