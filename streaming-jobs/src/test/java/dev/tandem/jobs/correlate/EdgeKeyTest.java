package dev.tandem.jobs.correlate;

import static dev.tandem.jobs.correlate.Fixtures.EXTERNAL_API;
import static dev.tandem.jobs.correlate.Fixtures.PRODUCTPAGE;
import static dev.tandem.jobs.correlate.Fixtures.REVIEWS;
import static dev.tandem.jobs.correlate.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.Labels;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The batcher's hash and comparison of edge keys agree with the key's string. */
class EdgeKeyTest {
    private static EndpointRef workload(String namespace, String name) {
        return new EndpointRef(namespace, name, EndpointKind.WORKLOAD, Labels.empty(), false, null);
    }

    private static EdgeEvidence request(EndpointRef source, EndpointRef destination, int port) {
        return Fixtures.outbound(source, destination, port, T0);
    }

    @Test
    void hashIsTheHashOfTheKeyString() {
        List<EdgeEvidence> all =
                List.of(
                        request(PRODUCTPAGE, REVIEWS, 9080),
                        request(PRODUCTPAGE, EXTERNAL_API, 0),
                        request(workload(null, "café"), workload("", "x"), 65535),
                        Fixtures.kernel(REVIEWS, PRODUCTPAGE, 443, T0));
        for (EdgeEvidence evidence : all) {
            assertThat(EdgeKey.hash(evidence)).isEqualTo(evidence.edgeKey().hashCode());
        }
    }

    @Test
    void sameIsTrueExactlyWhenTheKeyStringsAreEqual() {
        EdgeEvidence plain = request(workload("a", "b"), REVIEWS, 9080);
        EdgeEvidence withLabels = request(PRODUCTPAGE, REVIEWS, 9080);
        EdgeEvidence sameWithoutLabels =
                request(workload("bookinfo", "productpage-v1"), REVIEWS, 9080);
        EdgeEvidence nullNamespace = request(workload(null, "b"), REVIEWS, 9080);
        EdgeEvidence emptyNamespace = request(workload("", "b"), REVIEWS, 9080);
        // Different fields, one string: a separator inside a name.
        EdgeEvidence slashInNamespace = request(workload("a/b", "c"), REVIEWS, 9080);
        EdgeEvidence slashInName = request(workload("a", "b/c"), REVIEWS, 9080);
        EdgeEvidence otherPort = request(workload("a", "b"), REVIEWS, 9081);

        List<EdgeEvidence> all =
                List.of(
                        plain,
                        withLabels,
                        sameWithoutLabels,
                        nullNamespace,
                        emptyNamespace,
                        slashInNamespace,
                        slashInName,
                        otherPort);
        for (EdgeEvidence a : all) {
            for (EdgeEvidence b : all) {
                assertThat(EdgeKey.same(a, b))
                        .as("%s vs %s", a.edgeKey(), b.edgeKey())
                        .isEqualTo(a.edgeKey().equals(b.edgeKey()));
            }
        }
        assertThat(EdgeKey.same(slashInNamespace, slashInName)).isTrue();
        assertThat(EdgeKey.same(withLabels, sameWithoutLabels)).isTrue();
        assertThat(EdgeKey.same(nullNamespace, emptyNamespace)).isTrue();
    }
}
