package dev.tandem.ingest.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class EdgeArchiveLayoutTest {

    @Test
    void partitionIsTheUtcDayAndHourOfTheWindowStart() {
        assertThat(EdgeArchiveLayout.partitionOf(Instant.parse("2026-11-20T09:59:59.999Z")))
                .isEqualTo("day=2026-11-20/hour=09");
        assertThat(EdgeArchiveLayout.partitionOf(Instant.parse("2026-12-31T23:00:00Z")))
                .isEqualTo("day=2026-12-31/hour=23");
    }

    @Test
    void fileNamesAreStableAndRejectPathCharacters() {
        assertThat(EdgeArchiveLayout.fileName("demo", 3)).isEqualTo("edges-demo-00003.parquet");
        assertThatThrownBy(() -> EdgeArchiveLayout.fileName("../x", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("writer id");
    }

    @Test
    void parsesPartitionFoldersAndIgnoresOthers() {
        assertThat(EdgeArchiveLayout.parseDay("day=2026-11-20"))
                .contains(LocalDate.of(2026, 11, 20));
        assertThat(EdgeArchiveLayout.parseDay("day=yesterday")).isEmpty();
        assertThat(EdgeArchiveLayout.parseDay("2026-11-20")).isEmpty();
        assertThat(EdgeArchiveLayout.parseHour("hour=07")).contains(7);
        assertThat(EdgeArchiveLayout.parseHour("hour=24")).isEmpty();
        assertThat(EdgeArchiveLayout.parseHour("hour=7")).isEmpty();
        assertThat(EdgeArchiveLayout.hourStart(LocalDate.of(2026, 11, 20), 7))
                .isEqualTo(Instant.parse("2026-11-20T07:00:00Z"));
    }

    @Test
    void onlyFinishedDataFilesAreRead() {
        assertThat(EdgeArchiveLayout.isDataFile("part-5e1c-0")).isTrue();
        assertThat(EdgeArchiveLayout.isDataFile("edges-demo-00000.parquet")).isTrue();
        assertThat(EdgeArchiveLayout.isDataFile(".part-5e1c-0.inprogress.8a2f")).isFalse();
        assertThat(EdgeArchiveLayout.isDataFile("part-5e1c-0.inprogress")).isFalse();
        assertThat(EdgeArchiveLayout.isDataFile("_SUCCESS")).isFalse();
        assertThat(EdgeArchiveLayout.isDataFile(".edges-demo-00000.parquet.crc")).isFalse();
    }

    @Test
    void timeRangeIsHalfOpen() {
        TimeRange range =
                new TimeRange(
                        Instant.parse("2026-11-20T10:00:00Z"),
                        Instant.parse("2026-11-20T11:00:00Z"));

        assertThat(range.contains(Instant.parse("2026-11-20T10:00:00Z"))).isTrue();
        assertThat(range.contains(Instant.parse("2026-11-20T11:00:00Z"))).isFalse();
        assertThat(
                        range.overlaps(
                                Instant.parse("2026-11-20T11:00:00Z"),
                                Instant.parse("2026-11-20T12:00:00Z")))
                .isFalse();
        assertThat(TimeRange.all().contains(Instant.EPOCH)).isTrue();
        assertThatThrownBy(() -> new TimeRange(Instant.MAX, Instant.EPOCH))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
