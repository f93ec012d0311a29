package dev.tandem.ingest.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationTextTest {
    @Test
    void readsEveryUnitAndIso8601() {
        assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse("90s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationText.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(DurationText.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationText.parse("7d")).isEqualTo(Duration.ofDays(7));
        assertThat(DurationText.parse("PT2M30S")).isEqualTo(Duration.ofSeconds(150));
        assertThat(DurationText.parse("pt1h")).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aBareZeroNeedsNoUnit() {
        assertThat(DurationText.parse("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void aDurationTooLongForJavaIsNamedSo() {
        assertThatThrownBy(() -> DurationText.parse("999999999999999d"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'999999999999999d' is too long a duration");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "m", "5", "00", "5w", "five minutes", "5.5m", "PTX", "ms"})
    void refusesAnythingElseNamingTheValue(String text) {
        assertThatThrownBy(() -> DurationText.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "'"
                                + text
                                + "' is not a duration (expected e.g. 500ms, 90s, 5m, 1h, 7d or PT5M)");
    }
}
