package dev.tandem.ingest.archive;

import static dev.tandem.ingest.archive.SampleEdges.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.ingest.model.EdgeWindow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The archive on real files: write with {@link EdgeArchiveWriter}, read with the reader. */
class EdgeArchiveIT {
    @TempDir Path archive;

    private static final Instant T0_PLUS_5M = T0.plus(Duration.ofMinutes(5));
    private static final Instant NEXT_HOUR = T0.plus(Duration.ofHours(1));
    private static final Instant NEXT_DAY = T0.plus(Duration.ofDays(1));

    @Test
    void whatIsWrittenIsReadBackEqual() throws IOException {
        List<EdgeWindow> edges =
                List.of(
                        SampleEdges.everyFieldSet(T0),
                        SampleEdges.everythingEmpty(T0_PLUS_5M),
                        SampleEdges.everyFieldSet(NEXT_HOUR),
                        SampleEdges.everythingEmpty(NEXT_DAY));

        List<Path> files = new EdgeArchiveWriter(archive, "test").write(edges);

        assertThat(files)
                .extracting(f -> archive.relativize(f).toString())
                .containsExactly(
                        "day=2026-11-20/hour=10/edges-test-00000.parquet",
                        "day=2026-11-20/hour=11/edges-test-00000.parquet",
                        "day=2026-11-21/hour=10/edges-test-00000.parquet");
        assertThat(readAll(TimeRange.all())).containsExactlyElementsOf(edges);
    }

    @Test
    void readsOnlyThePartitionsAndWindowsOfTheRange() throws IOException {
        new EdgeArchiveWriter(archive, "test")
                .write(
                        List.of(
                                SampleEdges.everyFieldSet(T0),
                                SampleEdges.everyFieldSet(T0_PLUS_5M),
                                SampleEdges.everyFieldSet(NEXT_HOUR),
                                SampleEdges.everyFieldSet(NEXT_DAY)));
        TimeRange fromFivePastToNextHour = new TimeRange(T0_PLUS_5M, NEXT_HOUR);

        ArchiveListing listing = new EdgeArchiveReader(archive).list(fromFivePastToNextHour);

        assertThat(listing.partitions()).isEqualTo(1);
        assertThat(listing.files()).hasSize(1);
        assertThat(readAll(fromFivePastToNextHour))
                .extracting(EdgeWindow::windowStart)
                .containsExactly(T0_PLUS_5M);
        assertThat(readAll(new TimeRange(NEXT_HOUR, NEXT_DAY.plusSeconds(1))))
                .extracting(EdgeWindow::windowStart)
                .containsExactly(NEXT_HOUR, NEXT_DAY);
    }

    @Test
    void skipsInProgressHiddenAndMetadataFilesAndForeignFolders() throws IOException {
        new EdgeArchiveWriter(archive, "test").write(List.of(SampleEdges.everyFieldSet(T0)));
        Path hour = archive.resolve("day=2026-11-20/hour=10");
        Files.writeString(hour.resolve(".part-abc-0.inprogress.1234"), "half a file");
        Files.writeString(hour.resolve("part-abc-1.inprogress"), "half a file");
        Files.writeString(hour.resolve("_SUCCESS"), "");
        Files.createDirectories(archive.resolve("scratch"));
        Files.writeString(archive.resolve("scratch/notes.parquet"), "not a partition");

        assertThat(new EdgeArchiveReader(archive).list(TimeRange.all()).files()).hasSize(1);
        assertThat(readAll(TimeRange.all())).containsExactly(SampleEdges.everyFieldSet(T0));
    }

    @Test
    void aSecondWriteAddsAFileAndNeverOverwrites() throws IOException {
        EdgeArchiveWriter writer = new EdgeArchiveWriter(archive, "test");
        writer.write(List.of(SampleEdges.everyFieldSet(T0)));

        List<Path> second = writer.write(List.of(SampleEdges.everythingEmpty(T0)));

        assertThat(second.get(0).getFileName()).hasToString("edges-test-00001.parquet");
        assertThat(readAll(TimeRange.all())).hasSize(2);
    }

    @Test
    void twoRunsWriteByteIdenticalFiles(@TempDir Path other) throws IOException {
        List<EdgeWindow> edges =
                List.of(SampleEdges.everyFieldSet(T0), SampleEdges.everythingEmpty(T0));

        Path first = new EdgeArchiveWriter(archive, "test").write(edges).get(0);
        Path second = new EdgeArchiveWriter(other, "test").write(edges).get(0);

        assertThat(Files.readAllBytes(first)).isEqualTo(Files.readAllBytes(second));
    }

    @Test
    void aMissingArchiveIsAnEmptyListingThatSaysSo() throws IOException {
        EdgeArchiveReader reader = new EdgeArchiveReader(archive.resolve("nothing-here"));

        ArchiveListing listing = reader.list(TimeRange.all());

        assertThat(listing.exists()).isFalse();
        assertThat(listing.isEmpty()).isTrue();
        assertThat(listing.describe()).endsWith("nothing-here does not exist");
        assertThat(reader.forEach(TimeRange.all(), e -> {})).isZero();
    }

    @Test
    void anEmptyArchiveReadsNothing() throws IOException {
        ArchiveListing listing = new EdgeArchiveReader(archive).list(TimeRange.all());

        assertThat(listing.exists()).isTrue();
        assertThat(listing.isEmpty()).isTrue();
        assertThat(listing.describe()).endsWith(": 0 files in 0 hour partitions");
        assertThat(new EdgeArchiveWriter(archive, "test").write(List.of())).isEmpty();
    }

    @Test
    void aTruncatedFileFailsNamingTheFile() throws IOException {
        Path file =
                new EdgeArchiveWriter(archive, "test")
                        .write(List.of(SampleEdges.everyFieldSet(T0)))
                        .get(0);
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length / 2));

        assertThatThrownBy(() -> readAll(TimeRange.all()))
                .isInstanceOf(ArchiveReadException.class)
                .hasMessageStartingWith("cannot read edge archive file " + file + ": ")
                .satisfies(e -> assertThat(((ArchiveReadException) e).file()).isEqualTo(file));
    }

    @Test
    void aFileThatIsNotParquetFailsNamingTheFile() throws IOException {
        Path hour = Files.createDirectories(archive.resolve("day=2026-11-20/hour=10"));
        Path junk = Files.writeString(hour.resolve("part-junk-0"), "{\"not\": \"parquet\"}\n");

        assertThatThrownBy(() -> readAll(TimeRange.all()))
                .isInstanceOf(ArchiveReadException.class)
                .hasMessageContaining(junk.toString());
    }

    @Test
    void aCorruptedPageFailsNamingTheFile() throws IOException {
        Path file =
                new EdgeArchiveWriter(archive, "test")
                        .write(List.of(SampleEdges.everyFieldSet(T0)))
                        .get(0);
        byte[] bytes = Files.readAllBytes(file);
        for (int i = 4; i < bytes.length / 2; i++) {
            bytes[i] = (byte) 0x5a;
        }
        Files.write(file, bytes);

        assertThatThrownBy(() -> readAll(TimeRange.all()))
                .isInstanceOf(ArchiveReadException.class)
                .hasMessageContaining(file.toString());
    }

    private List<EdgeWindow> readAll(TimeRange range) throws IOException {
        List<EdgeWindow> out = new ArrayList<>();
        new EdgeArchiveReader(archive).forEach(range, out::add);
        return out;
    }
}
