package dev.tandem.jobs.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.OwnerRef;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.ingest.model.ProxyRequest;
import dev.tandem.jobs.correlate.serialization.DecodedSamples;
import dev.tandem.jobs.correlate.serialization.EvidenceSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/**
 * Evidence crosses the {@code keyBy} into the resolver with only what the resolver reads, unless it
 * may become a dead letter ({@link EvidenceSerializer}). Whatever the inventory knows, a record
 * after crossing must land on the same resolver key, resolve to the same edge evidence (and the
 * same gateway-side evidence), or to the same dead letter, as the record before it.
 */
class EvidenceCrossingTest {
    private final EvidenceSerializer serializer = new EvidenceSerializer();
    private final ResolverKeySelector keys = new ResolverKeySelector();

    /** Every address is a meshed pod. */
    private static final PodLookup EVERY_IP_A_POD =
            (ip, at) -> Fixtures.pod("shop", "pod-" + ip, "cart", ip, null, null, true);

    /** Every address is Istio's ingress gateway: outbound lines resolve a second time. */
    private static final PodLookup EVERY_IP_A_GATEWAY =
            (ip, at) ->
                    new PodRecord(
                            "istio-system",
                            "istio-ingressgateway-" + ip,
                            null,
                            List.of(ip),
                            null,
                            null,
                            Labels.of(Map.of("istio", "ingressgateway")),
                            "istio-ingressgateway",
                            new OwnerRef("ReplicaSet", "istio-ingressgateway-5d9f"),
                            "istio-ingressgateway",
                            "node-1",
                            false,
                            true,
                            "Running");

    @Test
    void everySampleRecordResolvesTheSameAfterCrossingWhateverTheInventoryKnows()
            throws IOException {
        List<Evidence> samples = new ArrayList<>(DecodedSamples.all());
        // The samples are bare lines: each proxy line again as an envelope carries it, one that
        // names the pod (the inventory may know its IP) and one that names only its IP.
        for (Evidence evidence : List.copyOf(samples)) {
            if (evidence instanceof ProxyRequest request) {
                samples.add(
                        request.withPod(Fixtures.envelope("shop", "cart-7d9f-abc", "10.0.0.7")));
                samples.add(request.withPod(Fixtures.envelope(null, null, "10.0.0.8")));
            }
        }
        int deadLetters = 0;
        int gatewaySides = 0;
        for (PodLookup pods : List.of(PodLookup.none(), EVERY_IP_A_POD, EVERY_IP_A_GATEWAY)) {
            for (Evidence before : samples) {
                Evidence after = cross(before);

                assertThat(keys.getKey(after)).isEqualTo(keys.getKey(before));
                EdgeEvidence resolved = EndpointResolver.resolve(before, pods);
                assertThat(EndpointResolver.resolve(after, pods)).isEqualTo(resolved);
                if (resolved == null) {
                    assertSameDeadLetter(
                            EndpointResolver.unattributed(after),
                            EndpointResolver.unattributed(before));
                    deadLetters++;
                } else {
                    EdgeEvidence gatewaySide =
                            EndpointResolver.gatewayInbound(before, resolved, pods);
                    assertThat(EndpointResolver.gatewayInbound(after, resolved, pods))
                            .isEqualTo(gatewaySide);
                    gatewaySides += gatewaySide == null ? 0 : 1;
                }
            }
        }
        assertThat(deadLetters).isPositive();
        assertThat(gatewaySides).isPositive();
    }

    private static void assertSameDeadLetter(DeadLetter actual, DeadLetter expected) {
        assertThat(actual.source()).isEqualTo(expected.source());
        assertThat(actual.reason()).isEqualTo(expected.reason());
        assertThat(actual.detail()).isEqualTo(expected.detail());
        assertThat(actual.original()).isEqualTo(expected.original());
    }

    private Evidence cross(Evidence evidence) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        serializer.serialize(evidence, out);
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }
}
