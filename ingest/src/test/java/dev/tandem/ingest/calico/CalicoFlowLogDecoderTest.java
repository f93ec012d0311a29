package dev.tandem.ingest.calico;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.model.FlowAction;
import dev.tandem.ingest.model.FlowEndpoint;
import dev.tandem.ingest.model.FlowEndpointType;
import dev.tandem.ingest.model.FlowOrigin;
import dev.tandem.ingest.model.FlowReporter;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.PolicyHit;
import dev.tandem.ingest.model.TcpStats;
import dev.tandem.ingest.testing.SharedFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every line of the real Calico samples in shared/formats/calico, field by field. */
class CalicoFlowLogDecoderTest {
    private static final String HIPSTERSHOP_DENY =
            "formats/calico/flowlogs_observability-clinic_hipstershop-deny.ndjson";
    private static final String AGGREGATION_EXAMPLES =
            "formats/calico/flowlogs_tigera-docs_aggregation-examples.ndjson";
    private static final String DATATYPES_EXAMPLE =
            "formats/calico/flowlogs_tigera-docs_datatypes-example.ndjson";
    private static final String HOST_FORWARDED =
            "formats/calico/flowlogs_tigera-docs_host-forwarded-examples.ndjson";
    private static final String FELIX_SYSLOG =
            "formats/calico/felix-syslog_observability-clinic_hep-deny.log";

    private final CalicoFlowLogDecoder decoder = new CalicoFlowLogDecoder();

    @Test
    void sourceNameIsCalico() {
        assertThat(decoder.sourceName()).isEqualTo("calico");
    }

    @Test
    void deniedFlowFromFelixFileCarriesEveryFieldFelixWrites() throws IOException {
        List<String> lines = lines(HIPSTERSHOP_DENY);
        assertThat(lines).hasSize(1);

        KernelFlow flow = decodeOk(lines.get(0));

        assertThat(flow.origin()).isEqualTo(FlowOrigin.CALICO);
        assertThat(flow.start()).isEqualTo(Instant.ofEpochSecond(1659621542));
        assertThat(flow.end()).isEqualTo(Instant.ofEpochSecond(1659621842));
        assertThat(flow.source())
                .isEqualTo(
                        new FlowEndpoint(
                                "10.48.116.157",
                                "multitool",
                                "multitool",
                                "default",
                                FlowEndpointType.WEP,
                                Labels.of(Map.of("run", "multitool")),
                                null));
        FlowEndpoint destination = flow.destination();
        assertThat(destination.ip()).isEqualTo("10.48.127.224");
        assertThat(destination.name()).isEqualTo("checkoutservice-598d5b586d-wsvmz");
        assertThat(destination.nameAggregate()).isEqualTo("checkoutservice-598d5b586d-*");
        assertThat(destination.workloadName()).isEqualTo("checkoutservice");
        assertThat(destination.namespace()).isEqualTo("hipstershop");
        assertThat(destination.port()).isEqualTo(5050);
        assertThat(destination.labels().asMap())
                .containsExactly(
                        Map.entry("app", "checkoutservice"),
                        Map.entry("pod-template-hash", "598d5b586d"),
                        Map.entry("tenant", "hipstershop"));
        assertThat(flow.destinationPort()).isEqualTo(5050);
        // dest_service_* are all "-" or null: no service.
        assertThat(flow.destinationService()).isNull();
        assertThat(flow.protocol()).isEqualTo("tcp");
        assertThat(flow.action()).isEqualTo(FlowAction.DENY);
        assertThat(flow.reporters()).containsExactly(FlowReporter.DST);
        assertThat(flow.policies().all())
                .containsExactly(
                        new PolicyHit(
                                1,
                                "app-hipstershop",
                                "hipstershop/app-hipstershop.checkoutservice",
                                "deny",
                                -1,
                                false),
                        new PolicyHit(
                                0, "security", "security.tenant-histershop", "pass", 0, false));
        assertThat(flow.policies().enforced()).isEmpty();
        assertThat(flow.counters().bytesIn()).isEqualTo(300);
        assertThat(flow.counters().bytesOut()).isZero();
        assertThat(flow.counters().packetsIn()).isEqualTo(5);
        assertThat(flow.counters().numFlows()).isEqualTo(1);
        assertThat(flow.counters().numFlowsStarted()).isEqualTo(1);
        assertThat(flow.counters().numFlowsCompleted()).isEqualTo(1);
        // process_name "-" means process info was off.
        assertThat(flow.processNames()).isEmpty();
        assertThat(flow.originalSourceIps()).isEmpty();
        assertThat(flow.destinationDomains()).isEmpty();
        assertThat(flow.host()).isNull();
        // All tcp_* fields are present (as zeros), so the stats exist.
        assertThat(flow.tcpStats()).isEqualTo(new TcpStats(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    }

    @Test
    void aggregatedAllowedFlowHasNoIpsNoPodNamesOnlyAggregatedNames() throws IOException {
        KernelFlow flow = decodeOk(lines(AGGREGATION_EXAMPLES).get(0));

        assertThat(flow.source().ip()).isNull();
        assertThat(flow.source().name()).isNull();
        assertThat(flow.source().nameAggregate()).isEqualTo("access-6b687c8dcb-*");
        assertThat(flow.source().workloadName()).isEqualTo("access");
        assertThat(flow.source().labels().get("app")).isEqualTo("access");
        assertThat(flow.source().port()).isNull();
        assertThat(flow.destination().ip()).isNull();
        assertThat(flow.destination().name()).isNull();
        assertThat(flow.destination().workloadName()).isEqualTo("nginx");
        assertThat(flow.destinationPort()).isEqualTo(80);
        // The four-part policy string of older Calico: no rule.
        assertThat(flow.policies().all())
                .containsExactly(
                        new PolicyHit(
                                0,
                                "default",
                                "policy-demo/default.access-nginx",
                                "allow",
                                null,
                                false));
        assertThat(flow.counters().numFlowsCompleted()).isEqualTo(40);
        assertThat(flow.host()).isEqualTo("bz-n8kf-kadm-node-1");
        assertThat(flow.tcpStats()).isNull();
    }

    @ParameterizedTest(name = "aggregation example line {0}")
    @CsvSource({
        // line, reporter, action, source ip, source port, dest name, bytes in, bytes out, packets
        // in, packets out, num flows, completed, host, start, end, policy name
        "1, DST, ALLOW,             ,      ,                       , 18236, 52519, 282, 239, 47, 40,"
                + " bz-n8kf-kadm-node-1, 1597086849, 1597087167, policy-demo/default.access-nginx",
        "2, SRC, ALLOW, 192.168.47.9,      , nginx-86c57db685-rkhnf,     0,  3120,   0,  52, 50, 50,"
                + " bz-n8kf-kadm-node-1, 1597164816, 1597165131, __PROFILE__.kns.policy-demo",
        "3, DST, DENY,  192.168.47.9,      , nginx-86c57db685-rkhnf,  3120,     0,  52,   0, 50, 50,"
                + " bz-n8kf-kadm-node-2, 1597164816, 1597165125, policy-demo/default.deny-access-nginx",
        "4, SRC, ALLOW, 192.168.47.9,      , nginx-86c57db685-rkhnf, 52311, 18236, 235, 282, 47, 47,"
                + " bz-n8kf-kadm-node-1, 1597166567, 1597166893, __PROFILE__.kns.policy-demo",
        "5, DST, ALLOW, 192.168.47.9,      , nginx-86c57db685-rkhnf, 18236, 52311, 282, 235, 47, 47,"
                + " bz-n8kf-kadm-node-2, 1597166567, 1597166879, policy-demo/default.access-nginx",
        "6, DST, ALLOW, 192.168.47.9, 42106, nginx-86c57db685-h6792,   388,  1113,   6,   5,  1,  1,"
                + " bz-n8kf-kadm-node-1, 1597166083, 1597166383, policy-demo/default.access-nginx",
        "7, DST, ALLOW, 192.168.47.9, 43092, nginx-86c57db685-h6792,   388,  1113,   6,   5,  1,  1,"
                + " bz-n8kf-kadm-node-2, 1597166083, 1597166383, policy-demo/default.access-nginx",
    })
    void everyAggregationExampleLine(
            int line,
            FlowReporter reporter,
            FlowAction action,
            String sourceIp,
            Integer sourcePort,
            String destinationName,
            long bytesIn,
            long bytesOut,
            long packetsIn,
            long packetsOut,
            long numFlows,
            long completed,
            String host,
            long start,
            long end,
            String policyName)
            throws IOException {
        List<String> lines = lines(AGGREGATION_EXAMPLES);
        assertThat(lines).hasSize(7);

        KernelFlow flow = decodeOk(lines.get(line - 1));

        assertThat(flow.reporters()).containsExactly(reporter);
        assertThat(flow.action()).isEqualTo(action);
        assertThat(flow.source().ip()).isEqualTo(sourceIp);
        assertThat(flow.source().port()).isEqualTo(sourcePort);
        assertThat(flow.source().namespace()).isEqualTo("policy-demo");
        assertThat(flow.source().type()).isEqualTo(FlowEndpointType.WEP);
        assertThat(flow.source().labels().asMap())
                .containsOnly(
                        Map.entry("app", "access"), Map.entry("pod-template-hash", "6b687c8dcb"));
        assertThat(flow.destination().name()).isEqualTo(destinationName);
        assertThat(flow.destination().nameAggregate()).isEqualTo("nginx-86c57db685-*");
        assertThat(flow.destinationPort()).isEqualTo(80);
        assertThat(flow.protocol()).isEqualTo("tcp");
        assertThat(flow.counters().bytesIn()).isEqualTo(bytesIn);
        assertThat(flow.counters().bytesOut()).isEqualTo(bytesOut);
        assertThat(flow.counters().packetsIn()).isEqualTo(packetsIn);
        assertThat(flow.counters().packetsOut()).isEqualTo(packetsOut);
        assertThat(flow.counters().numFlows()).isEqualTo(numFlows);
        assertThat(flow.counters().numFlowsStarted()).isEqualTo(numFlows);
        assertThat(flow.counters().numFlowsCompleted()).isEqualTo(completed);
        assertThat(flow.counters().httpRequestsAllowedIn()).isZero();
        assertThat(flow.host()).isEqualTo(host);
        assertThat(flow.start()).isEqualTo(Instant.ofEpochSecond(start));
        // end_time and @timestamp (its milliseconds) agree in every sample.
        assertThat(flow.end()).isEqualTo(Instant.ofEpochSecond(end));
        assertThat(flow.policies().all()).extracting(PolicyHit::name).containsExactly(policyName);
        assertThat(flow.policies().all().get(0).rule()).isNull();
        assertThat(flow.originalSourceIps()).isEmpty();
    }

    @Test
    void newestPolicyFormatSeparatesEnforcedFromPendingAndFlagsStagedPolicies() throws IOException {
        List<String> lines = lines(DATATYPES_EXAMPLE);
        assertThat(lines).hasSize(1);

        KernelFlow flow = decodeOk(lines.get(0));

        PolicyHit tierPass = new PolicyHit(0, "tier1", "ns1/tier1.policy1", "pass", 3, false);
        PolicyHit staged = new PolicyHit(1, "tier2", "ns2/staged:tier1.policy1", "deny", 1, true);
        assertThat(flow.policies().all())
                .containsExactly(
                        tierPass,
                        staged,
                        new PolicyHit(
                                2,
                                "default",
                                "policy-demo/default.access-nginx",
                                "allow",
                                2,
                                false));
        assertThat(flow.policies().enforced())
                .containsExactly(
                        tierPass,
                        new PolicyHit(
                                1,
                                "default",
                                "policy-demo/default.access-nginx",
                                "allow",
                                2,
                                false));
        assertThat(flow.policies().pending()).containsExactly(tierPass, staged);
        assertThat(flow.policies().transit()).isEmpty();
        assertThat(flow.source().name()).isEqualTo("access-6b687c8dcb-zn5s2");
        assertThat(flow.source().workloadName()).isEqualTo("access");
        assertThat(flow.source().port()).isEqualTo(42106);
        assertThat(flow.destination().ip()).isEqualTo("192.168.138.79");
        assertThat(flow.counters().bytesOut()).isEqualTo(1113);
        assertThat(flow.end()).isEqualTo(Instant.ofEpochSecond(1597166383));
    }

    @Test
    void hostForwardedFlowIsReportedByDestinationAndForwarderWithTransitPolicies()
            throws IOException {
        List<String> lines = lines(HOST_FORWARDED);
        assertThat(lines).hasSize(2);

        KernelFlow flow = decodeOk(lines.get(0));

        assertThat(flow.reporters()).containsExactly(FlowReporter.DST, FlowReporter.FWD);
        // A doc-authored record: no start_time, end_time or @timestamp.
        assertThat(flow.start()).isNull();
        assertThat(flow.end()).isNull();
        assertThat(flow.source().ip()).isEqualTo("10.0.0.1");
        assertThat(flow.source().type()).isNull();
        assertThat(flow.source().labels().isEmpty()).isTrue();
        assertThat(flow.destination().name()).isEqualTo("maintenance-server-gkh45");
        assertThat(flow.destinationPort()).isEqualTo(22);
        assertThat(flow.policies().transit())
                .containsExactly(
                        new PolicyHit(
                                0, "default", "default.allow-ssh-maintenance", "allow", 0, false));
        assertThat(flow.policies().enforced())
                .containsExactly(
                        new PolicyHit(
                                0,
                                "__PROFILE__",
                                "__PROFILE__.kns.maintenance-server",
                                "allow",
                                0,
                                false));
        assertThat(flow.counters().bytesIn()).isEqualTo(1234);
        assertThat(flow.counters().packetsOut()).isEqualTo(8);
        // Absent counters are zero.
        assertThat(flow.counters().numFlows()).isZero();
        assertThat(flow.host()).isEqualTo("my-host");
    }

    @Test
    void purelyForwardedFlowBetweenPublicNetworksHasOnlyTransitPolicies() throws IOException {
        KernelFlow flow = decodeOk(lines(HOST_FORWARDED).get(1));

        assertThat(flow.reporters()).containsExactly(FlowReporter.FWD);
        assertThat(flow.source().nameAggregate()).isEqualTo("pub");
        assertThat(flow.source().type()).isEqualTo(FlowEndpointType.NET);
        assertThat(flow.source().name()).isNull();
        assertThat(flow.source().namespace()).isNull();
        assertThat(flow.destination().ip()).isEqualTo("66.11.155.1");
        assertThat(flow.destinationPort()).isEqualTo(30080);
        assertThat(flow.policies().all()).isEmpty();
        assertThat(flow.policies().transit())
                .extracting(PolicyHit::name)
                .containsExactly("default.allow-external-http");
        assertThat(flow.counters().bytesOut()).isEqualTo(4096);
    }

    @Test
    void felixSyslogLinesAreNotFlowLogsAndEachBecomesAMalformedJsonDeadLetter() throws IOException {
        List<String> lines = lines(FELIX_SYSLOG);
        assertThat(lines).hasSize(4);

        for (int i = 0; i < lines.size(); i++) {
            byte[] bytes = lines.get(i).getBytes(StandardCharsets.UTF_8);
            Decoded<KernelFlow> result = decoder.decode(bytes, i + 1);

            assertThat(result.isOk()).as("line %d", i + 1).isFalse();
            DeadLetter letter = result.deadLetter();
            assertThat(letter.reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
            assertThat(letter.source()).isEqualTo("calico");
            assertThat(letter.position()).isEqualTo(i + 1);
            assertThat(letter.detail()).contains("Aug");
            assertThat(letter.original()).isEqualTo(bytes);
        }
    }

    @Test
    void everySampleLineDecodesTheSameTwice() throws IOException {
        for (String file :
                List.of(
                        HIPSTERSHOP_DENY,
                        AGGREGATION_EXAMPLES,
                        DATATYPES_EXAMPLE,
                        HOST_FORWARDED)) {
            for (String line : lines(file)) {
                byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                assertThat(decoder.decode(bytes, 0)).isEqualTo(decoder.decode(bytes, 0));
            }
        }
    }

    private KernelFlow decodeOk(String line) {
        Decoded<KernelFlow> result = decoder.decode(line.getBytes(StandardCharsets.UTF_8), 1);
        assertThat(result.isOk()).as("decoded: %s", result).isTrue();
        return result.value();
    }

    static List<String> lines(String relative) throws IOException {
        return Files.readAllLines(SharedFiles.path(relative), StandardCharsets.UTF_8).stream()
                .filter(line -> !line.isBlank())
                .toList();
    }
}
