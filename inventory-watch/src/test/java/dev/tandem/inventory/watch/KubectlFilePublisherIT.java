package dev.tandem.inventory.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tandem.ingest.decode.DeadLetterReason;
import dev.tandem.ingest.inventory.InventoryItem;
import dev.tandem.ingest.inventory.InventoryKey;
import dev.tandem.ingest.inventory.InventoryMessage;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.ingest.testing.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code tandem inventory --file}: a kubectl List published once, every item of it. */
class KubectlFilePublisherIT {
    private static final Instant T0 = Instant.parse("2026-11-20T10:05:00Z");
    @RegisterExtension static final KafkaBrokerExtension kafka = new KafkaBrokerExtension();

    @Test
    void everyItemOfTheBookinfoListIsPublishedUnderItsKey() throws Exception {
        TestTopics topics = TestTopics.create(kafka.bootstrapServers());
        Path file =
                Path.of(getClass().getResource("/inventory/bookinfo-kubectl-list.json").toURI());
        MutableClock clock = new MutableClock(T0);

        KubectlFilePublisher.Publication publication;
        try (InventoryPublisher publisher = topics.publisher(kafka.bootstrapServers(), clock)) {
            publication = new KubectlFilePublisher(publisher, clock).publish(file);
        }

        assertThat(publication.failure()).isNull();
        assertThat(publication.skipped()).isZero();
        List<InventoryMessage> published;
        try (TopicMessages messages =
                new TopicMessages(kafka.bootstrapServers(), topics.inventory)) {
            published = messages.awaitCount(20);
        }
        List<InventoryItem> expected = InventoryItem.allOf(publication.snapshot());
        assertThat(expected).hasSize(20);
        assertThat(published.stream().map(InventoryMessage::item).collect(Collectors.toList()))
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(published).noneMatch(InventoryMessage::isTombstone);
        PodRecord job =
                published.stream()
                        .filter(
                                m ->
                                        m.key()
                                                .equals(
                                                        InventoryKey.pod(
                                                                "default",
                                                                "ratings-db-seed-8k2xw")))
                        .map(m -> ((InventoryItem.Pod) m.item()).record())
                        .findFirst()
                        .orElseThrow();
        assertThat(job.validUntil()).as("a completed Job pod's IP validity ended").isNotNull();
    }

    @Test
    void aFileThatIsNotKubectlJsonPublishesNothingAndSaysWhy(@TempDir Path dir) throws Exception {
        TestTopics topics = TestTopics.create(kafka.bootstrapServers());
        Path file = dir.resolve("truncated.json");
        Files.writeString(file, "{\"kind\":\"List\",\"items\":[{\"kind\":\"Pod\"");
        MutableClock clock = new MutableClock(T0);

        KubectlFilePublisher.Publication publication;
        try (InventoryPublisher publisher = topics.publisher(kafka.bootstrapServers(), clock)) {
            publication = new KubectlFilePublisher(publisher, clock).publish(file);
        }

        assertThat(publication.snapshot()).isNull();
        assertThat(publication.failure().reason()).isEqualTo(DeadLetterReason.MALFORMED_JSON);
        try (TopicMessages messages =
                new TopicMessages(kafka.bootstrapServers(), topics.inventory)) {
            assertThat(messages.all()).isEmpty();
        }
    }
}
