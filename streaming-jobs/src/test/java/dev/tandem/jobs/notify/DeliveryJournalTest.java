package dev.tandem.jobs.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The delivery journal: what survives a restart, a torn end, garbage, and its bound. */
class DeliveryJournalTest {
    private static final String GROUP = "tandem-notify";

    @TempDir Path dir;

    @Test
    void remembersWhichDestinationGotWhichAlertAcrossARestart() {
        try (DeliveryJournal journal = DeliveryJournal.open(dir, GROUP, 100)) {
            journal.record("ops", List.of("a1", "a2"));
            journal.record("audit", List.of("a1"));
            assertThat(journal.contains("ops", "a2")).isTrue();
        }
        try (DeliveryJournal journal = DeliveryJournal.open(dir, GROUP, 100)) {
            assertThat(journal.contains("ops", "a1")).isTrue();
            assertThat(journal.contains("ops", "a2")).isTrue();
            assertThat(journal.contains("audit", "a1")).isTrue();
            assertThat(journal.contains("audit", "a2")).as("per destination").isFalse();
            assertThat(journal.size()).isEqualTo(3);
        }
    }

    @Test
    void aRecordTornByACrashIsIgnoredAndTheRestKept() throws IOException {
        writeThree();
        Path file = journalFile();
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 3));

        try (DeliveryJournal journal = DeliveryJournal.open(dir, GROUP, 100)) {
            assertThat(journal.contains("ops", "a1")).isTrue();
            assertThat(journal.contains("ops", "a2")).isTrue();
            assertThat(journal.contains("ops", "a3")).as("the torn record").isFalse();
            journal.record("ops", List.of("a4"));
        }
        assertThat(records(file))
                .as("rewritten without the torn end, then appended to")
                .containsExactly(
                        new Delivery("ops", "a1"),
                        new Delivery("ops", "a2"),
                        new Delivery("ops", "a4"));
    }

    @Test
    void aDamagedRecordEndsWhatIsReadButNeverTheStart() throws IOException {
        writeThree();
        Path file = journalFile();
        byte[] bytes = Files.readAllBytes(file);
        // The last byte of the second record's alert id: its checksum no longer matches.
        int secondId = indexOf(bytes, "a2".getBytes(StandardCharsets.UTF_8));
        bytes[secondId + 1] = 'X';
        Files.write(file, bytes);

        try (DeliveryJournal journal = DeliveryJournal.open(dir, GROUP, 100)) {
            assertThat(journal.contains("ops", "a1")).isTrue();
            assertThat(journal.contains("ops", "aX")).isFalse();
            assertThat(journal.contains("ops", "a3"))
                    .as("records after the damage are not trusted")
                    .isFalse();
        }
    }

    @Test
    void aFileOfGarbageStartsAnEmptyJournal() throws IOException {
        byte[] garbage = new byte[4096];
        new Random(7).nextBytes(garbage);
        Files.write(dir.resolve(DeliveryJournal.fileName(GROUP) + ".journal"), garbage);

        try (DeliveryJournal journal = DeliveryJournal.open(dir, GROUP, 100)) {
            assertThat(journal.size()).isZero();
            journal.record("ops", List.of("a1"));
        }
        try (DeliveryJournal journal = DeliveryJournal.open(dir, GROUP, 100)) {
            assertThat(journal.contains("ops", "a1")).isTrue();
        }
    }

    @Test
    void garbageAppendedAfterGoodRecordsIsIgnored() throws IOException {
        writeThree();
        Files.write(
                journalFile(),
                new byte[] {(byte) 0xFF, (byte) 0xFF, 1, 2, 3},
                java.nio.file.StandardOpenOption.APPEND);
        try (DeliveryJournal journal = DeliveryJournal.open(dir, GROUP, 100)) {
            assertThat(journal.size()).isEqualTo(3);
        }
    }

    @Test
    void remembersOnlyTheLastCapacityDeliveriesAndKeepsTheFileWithinTwiceThat() throws IOException {
        int capacity = 5;
        try (DeliveryJournal journal = DeliveryJournal.open(dir, GROUP, capacity)) {
            for (int i = 1; i <= 23; i++) {
                journal.record("ops", List.of("a" + i));
                assertThat(records(journalFile()).size())
                        .as("records in the file after %d deliveries", i)
                        .isLessThanOrEqualTo(2 * capacity);
            }
            assertThat(journal.size()).isEqualTo(capacity);
            assertThat(journal.contains("ops", "a18")).isFalse();
            assertThat(journal.contains("ops", "a19")).isTrue();
        }
        try (DeliveryJournal journal = DeliveryJournal.open(dir, GROUP, capacity)) {
            assertThat(IntStream.rangeClosed(1, 23).filter(i -> journal.contains("ops", "a" + i)))
                    .containsExactly(19, 20, 21, 22, 23);
        }
        assertThat(records(journalFile())).as("compacted at start").hasSize(capacity);
    }

    @Test
    void aSmallerCapacityAtStartKeepsTheNewest() {
        try (DeliveryJournal journal = DeliveryJournal.open(dir, GROUP, 100)) {
            journal.record("ops", List.of("a1", "a2", "a3", "a4"));
        }
        try (DeliveryJournal journal = DeliveryJournal.open(dir, GROUP, 2)) {
            assertThat(journal.contains("ops", "a2")).isFalse();
            assertThat(journal.contains("ops", "a3")).isTrue();
            assertThat(journal.contains("ops", "a4")).isTrue();
        }
    }

    @Test
    void anIdTooLongForARecordIsNotJournaled() {
        String huge = "x".repeat(JournalFormat.MAX_FIELD_BYTES + 1);
        try (DeliveryJournal journal = DeliveryJournal.open(dir, GROUP, 100)) {
            journal.record("ops", List.of(huge, "a1"));
            assertThat(journal.contains("ops", huge)).isFalse();
        }
        try (DeliveryJournal journal = DeliveryJournal.open(dir, GROUP, 100)) {
            assertThat(journal.contains("ops", "a1")).isTrue();
            assertThat(journal.size()).isEqualTo(1);
        }
    }

    @Test
    void oneNotifierPerGroupAndFolder() {
        try (DeliveryJournal first = DeliveryJournal.open(dir, GROUP, 10);
                DeliveryJournal other = DeliveryJournal.open(dir, "other-group", 10)) {
            assertThatThrownBy(() -> DeliveryJournal.open(dir, GROUP, 10))
                    .isInstanceOf(NotifyConfigException.class)
                    .hasMessage(
                            "state dir "
                                    + dir
                                    + " is in use by another notifier of group 'tandem-notify'");
            other.record("ops", List.of("a1"));
            assertThat(first.contains("ops", "a1")).as("groups do not share").isFalse();
        }
        DeliveryJournal.open(dir, GROUP, 10).close();
    }

    @Test
    void aFolderThatCannotBeUsedIsAConfigurationError() throws IOException {
        Path notAFolder = Files.writeString(dir.resolve("state"), "a file");
        assertThatThrownBy(() -> DeliveryJournal.open(notAFolder, GROUP, 10))
                .isInstanceOf(NotifyConfigException.class)
                .hasMessageStartingWith("cannot use state dir " + notAFolder + ": ");
    }

    @Test
    void anyGroupIdGivesADistinctSafeFileName() {
        assertThat(DeliveryJournal.fileName("tandem-notify")).isEqualTo("notify-tandem-notify");
        assertThat(DeliveryJournal.fileName("../etc/passwd"))
                .matches("notify-[A-Za-z0-9._-]+")
                .doesNotContain("/")
                .isNotEqualTo(DeliveryJournal.fileName(".._etc_passwd"));
        assertThat(DeliveryJournal.fileName("g".repeat(500)).length()).isLessThan(120);
    }

    @Test
    void withoutAStateFolderNothingIsRemembered() {
        try (DeliveryJournal journal = DeliveryJournal.disabled()) {
            journal.record("ops", List.of("a1"));
            assertThat(journal.contains("ops", "a1")).isFalse();
            assertThat(journal.enabled()).isFalse();
        }
    }

    private void writeThree() {
        try (DeliveryJournal journal = DeliveryJournal.open(dir, GROUP, 100)) {
            journal.record("ops", List.of("a1"));
            journal.record("ops", List.of("a2"));
            journal.record("ops", List.of("a3"));
        }
    }

    private Path journalFile() {
        return dir.resolve(DeliveryJournal.fileName(GROUP) + ".journal");
    }

    private static List<Delivery> records(Path file) throws IOException {
        List<Delivery> all = new ArrayList<>();
        JournalFormat.read(file, all::add);
        return all;
    }

    private static int indexOf(byte[] bytes, byte[] part) {
        for (int i = 0; i + part.length <= bytes.length; i++) {
            if (Arrays.equals(bytes, i, i + part.length, part, 0, part.length)) {
                return i;
            }
        }
        throw new AssertionError("not found");
    }
}
