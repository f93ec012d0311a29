package dev.tandem.ingest.envoy;

import static dev.tandem.ingest.envoy.EnvoySamples.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.envoy.RepeatedValues.Kind;
import dev.tandem.ingest.model.ClusterKind;
import dev.tandem.ingest.model.HostPort;
import dev.tandem.ingest.model.UpstreamCluster;
import org.junit.jupiter.api.Test;

/** The shared value caches never hand one value's conversion out for another. */
class RepeatedValuesTest {
    private final RepeatedValues values = RepeatedValues.get();

    private Object fromBytes(Kind kind, String text) {
        byte[] bytes = utf8("  " + text + "  ");
        return values.get(kind, bytes, 2, bytes.length - 2);
    }

    private Object fromChars(Kind kind, String text) {
        char[] chars = ("  " + text + "  ").toCharArray();
        return values.get(kind, chars, 2, chars.length - 2);
    }

    @Test
    void aRepeatedValueIsConvertedOnceForBothBytesAndCharacters() {
        HostPort first = (HostPort) fromBytes(Kind.UPSTREAM_HOST, "10.124.1.5:9080");

        assertThat(first).isEqualTo(new HostPort("10.124.1.5", 9080));
        assertThat(fromBytes(Kind.UPSTREAM_HOST, "10.124.1.5:9080")).isSameAs(first);
        assertThat(fromChars(Kind.UPSTREAM_HOST, "10.124.1.5:9080")).isSameAs(first);
    }

    @Test
    void manyValuesOfOneShapeEachKeepTheirOwnConversion() {
        for (int round = 0; round < 3; round++) {
            for (int i = 0; i < 600; i++) {
                String address = "10.124." + (i / 250) + "." + (i % 250) + ":9080";
                Object converted =
                        round % 2 == 0
                                ? fromBytes(Kind.DOWNSTREAM_LOCAL_ADDRESS, address)
                                : fromChars(Kind.DOWNSTREAM_LOCAL_ADDRESS, address);
                assertThat(converted).hasToString(address);
            }
        }
    }

    @Test
    void absentValuesConvertAsNull() {
        assertThat(fromBytes(Kind.NAME, "-")).isNull();
        assertThat(fromChars(Kind.UPSTREAM_HOST, "")).isNull();
        assertThat(((UpstreamCluster) fromBytes(Kind.UPSTREAM_CLUSTER, "-")).kind())
                .isEqualTo(ClusterKind.NONE);
    }

    @Test
    void unicodeAndOverlongValuesAreConvertedCorrectly() {
        String agent = "Mozilla/5.0 (日本語) 🚀";
        String longPath = "/" + "x".repeat(RepeatedValues.MAX_LENGTH + 10);

        assertThat(fromBytes(Kind.USER_AGENT, agent)).isEqualTo(agent);
        assertThat(fromChars(Kind.USER_AGENT, agent)).isEqualTo(agent);
        assertThat(fromBytes(Kind.PATH, longPath)).isEqualTo(longPath);
    }

    @Test
    void aValueThatDoesNotConvertIsRejectedEveryTime() {
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> fromBytes(Kind.UPSTREAM_HOST, "10.0.0.1:http"))
                    .isInstanceOfSatisfying(
                            Rejection.class,
                            r -> assertThat(r.reason()).isEqualTo(DeadLetterReason.INVALID_FIELD))
                    .hasMessageStartingWith("upstream_host: bad port");
        }
    }
}
