package dev.tandem.jobs.correlate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The hash of a concatenation, from its parts, is the concatenation's {@link String#hashCode}. */
class StringHashTest {
    @Test
    void partsOfEveryLengthHashAsTheirConcatenation() {
        List<String> parts =
                List.of(
                        "",
                        "a",
                        "tcp",
                        "productpage-v1",
                        "x".repeat(63),
                        "y".repeat(64),
                        "é".repeat(200));
        for (String first : parts) {
            for (String second : parts) {
                int hash = StringHash.append(StringHash.append(0, first), '|');
                hash = StringHash.append(hash, second);
                assertThat(hash).isEqualTo((first + "|" + second).hashCode());
            }
        }
        assertThat(StringHash.append(7, (String) null)).isEqualTo(StringHash.append(7, "null"));
    }

    @Test
    void aNumberHashesAsItsDecimalString() {
        for (int value :
                new int[] {
                    0,
                    1,
                    9,
                    10,
                    11,
                    99,
                    100,
                    443,
                    8080,
                    65535,
                    999_999_999,
                    1_000_000_000,
                    Integer.MAX_VALUE,
                    -1,
                    -10,
                    -65535,
                    -1_000_000_000,
                    Integer.MIN_VALUE
                }) {
            assertThat(StringHash.append(17, value))
                    .as("%d", value)
                    .isEqualTo(StringHash.append(17, Integer.toString(value)));
        }
    }
}
