package dev.tandem.jobs.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.model.FlowEndpoint;
import dev.tandem.ingest.model.FlowEndpointType;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.ProxyRequest;
import dev.tandem.jobs.correlate.serialization.DecodedSamples;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The resolver's keys never change between builds (waiting evidence in a savepoint is stored under
 * them): the selector, which hashes without building the key's string, gives the key the string
 * gave.
 */
class ResolverKeySelectorTest {
    private final ResolverKeySelector selector = new ResolverKeySelector();

    /** How the key was computed before: the string's hash code. */
    private static int byString(Evidence evidence) {
        StringBuilder key = new StringBuilder(64);
        if (evidence instanceof KernelFlow flow) {
            for (FlowEndpoint side : List.of(flow.source(), flow.destination())) {
                key.append(side.ip())
                        .append('|')
                        .append(side.nameAggregate())
                        .append('|')
                        .append(side.namespace())
                        .append('|');
            }
            key.append(flow.destinationPort());
        } else {
            ProxyRequest request = (ProxyRequest) evidence;
            key.append(request.pod() == null ? null : request.pod().pod()).append('|');
            key.append(request.downstreamRemoteAddress()).append('|');
            key.append(request.upstreamHost());
        }
        return Math.floorMod(key.toString().hashCode(), ResolverKeySelector.BUCKETS);
    }

    @Test
    void everyRecordOfTheSharedSamplesKeepsItsKey() throws IOException {
        List<Evidence> decoded = DecodedSamples.all();

        for (Evidence evidence : decoded) {
            assertThat(selector.getKey(evidence)).as("%s", evidence).isEqualTo(byString(evidence));
        }
        assertThat(decoded).hasSizeGreaterThan(20);
        assertThat(decoded.stream().map(selector::getKey).distinct().count()).isGreaterThan(5);
    }

    @Test
    void missingFieldsIpv6AndNonAsciiNamesKeepTheirKeys() {
        FlowEndpoint bare = new FlowEndpoint(null, null, null, null, null, Labels.empty(), null);
        FlowEndpoint named =
                new FlowEndpoint(
                        "fd00::7",
                        "pod-ä",
                        "café-*",
                        "shop",
                        FlowEndpointType.WEP,
                        Labels.empty(),
                        null);
        KernelFlow base =
                Fixtures.flow(
                        Fixtures.podIp("10.0.0.1"),
                        Fixtures.podIp("10.0.0.2"),
                        443,
                        dev.tandem.ingest.model.FlowAction.ALLOW,
                        List.of(dev.tandem.ingest.model.FlowReporter.SRC),
                        Fixtures.T0,
                        List.of());
        for (FlowEndpoint source : List.of(bare, named, base.source())) {
            for (Integer port :
                    new Integer[] {
                        null,
                        0,
                        7,
                        10,
                        99,
                        8080,
                        65535,
                        -1,
                        -80,
                        Integer.MAX_VALUE,
                        Integer.MIN_VALUE
                    }) {
                KernelFlow flow =
                        new KernelFlow(
                                base.origin(),
                                base.start(),
                                base.end(),
                                source,
                                named,
                                port,
                                base.protocol(),
                                base.action(),
                                base.reporters(),
                                base.destinationService(),
                                base.policies(),
                                base.counters(),
                                base.processNames(),
                                base.originalSourceIps(),
                                base.destinationDomains(),
                                base.host(),
                                base.tcpStats());
                assertThat(selector.getKey(flow)).isEqualTo(byString(flow));
            }
        }
        for (String remote : new String[] {null, "10.0.0.1:40000", "[fd00::1]:443", "10.0.0.9"}) {
            ProxyRequest request =
                    Fixtures.request(
                            Fixtures.T0,
                            "outbound|9080||reviews.bookinfo.svc.cluster.local",
                            "[fd00::2]:9080",
                            "10.96.0.10:9080",
                            remote,
                            null,
                            remote == null
                                    ? null
                                    : Fixtures.envelope("bookinfo", "productpage-ü", "10.0.0.1"));
            assertThat(selector.getKey(request)).isEqualTo(byString(request));
        }
    }
}
