package dev.tandem.ingest.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimestampsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "2022-09-08T12:51:05.656Z", // Envoy
                "2022-07-22T12:24:12.325744791Z", // CRI, nanoseconds
                "2019-04-03T09:29:00Z", // Kubernetes, no fraction
                "2022-09-08T14:51:05.656+02:00", // with an offset
                "2022-09-08T07:51:05.1-05:00",
                "2024-02-29T23:59:59.999999Z", // leap day
                "1969-12-31T23:59:59.5Z" // before the epoch
            })
    void readsRfc3339LikeJavaTime(String text) {
        assertThat(Timestamps.parseRfc3339(text)).isEqualTo(OffsetDateTime.parse(text).toInstant());
    }

    @Test
    void acceptsASpaceForTheTAndKeepsOnlyNanosecondPrecision() {
        assertThat(Timestamps.parseRfc3339("2022-09-08 12:51:05Z"))
                .isEqualTo(Instant.parse("2022-09-08T12:51:05Z"));
        assertThat(Timestamps.parseRfc3339("2022-09-08T12:51:05.1234567891Z"))
                .isEqualTo(Instant.parse("2022-09-08T12:51:05.123456789Z"));
    }

    @Test
    void readsASubRangeOfABuffer() {
        String line = "[2022-06-22T10:17:14.118Z] \"GET /status/418 HTTP/1.1\"";
        assertThat(Timestamps.parseRfc3339(line, 1, 25))
                .isEqualTo(Instant.parse("2022-06-22T10:17:14.118Z"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "2022-09-08",
                "2022-09-08T12:51:05", // no zone
                "2022-13-08T12:51:05Z", // month 13
                "2022-02-30T12:51:05Z", // no such day
                "2022-09-08T25:51:05Z",
                "2022-09-08T12:51:05.Z", // empty fraction
                "2022-09-08T12:51:05Zjunk",
                "2022/09/08T12:51:05Z",
                "２０２２-09-08T12:51:05Z" // full-width digits
            })
    void rejectsMalformedTimestampsWithAMessage(String text) {
        assertThatThrownBy(() -> Timestamps.parseRfc3339(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not an RFC 3339 timestamp");
    }

    @Test
    void agreesWithJavaTimeOnRandomInstants() {
        Random random = new Random(42);
        for (int i = 0; i < 10_000; i++) {
            Instant instant =
                    Instant.ofEpochSecond(
                            Math.floorMod(random.nextLong(), 4_000_000_000L) - 1_000_000_000L,
                            random.nextInt(1_000_000_000));
            assertThat(Timestamps.parseRfc3339(instant.toString())).isEqualTo(instant);
        }
    }

    @Test
    void tellsEpochSecondsFromEpochMillisByMagnitude() {
        assertThat(Timestamps.fromEpoch(1597086849L))
                .isEqualTo(Instant.parse("2020-08-10T19:14:09Z"));
        assertThat(Timestamps.fromEpoch(1597087167000L))
                .isEqualTo(Instant.parse("2020-08-10T19:19:27Z"));
    }

    @Test
    void readsFractionalEpochSecondsToTheMicrosecond() {
        assertThat(Timestamps.fromEpochSeconds(1554141513.598656))
                .isEqualTo(Instant.parse("2019-04-01T17:58:33.598656Z"));
        assertThatThrownBy(() -> Timestamps.fromEpochSeconds(Double.NaN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
