package dev.tandem.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping, restarting, reopening and running side by side, as tests of outages will. */
class EmbeddedKafkaBrokerLifecycleIT {
    private static EmbeddedKafkaBroker kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafkaBroker.builder().build().start();
    }

    @AfterAll
    static void closeBroker() {
        kafka.close();
    }

    @Test
    void stopAndStartKeepRecordsAndAddress() throws Exception {
        TestClients.createTopic(kafka, "outage", 2);
        String address = kafka.bootstrapServers();
        TestClients.send(kafka, "outage", List.of("before-1", "before-2"));

        kafka.stop();
        assertThat(kafka.isRunning()).isFalse();
        kafka.start();

        assertThat(kafka.bootstrapServers()).isEqualTo(address);
        TestClients.send(kafka, "outage", List.of("after-1"));
        assertThat(TestClients.readValues(kafka, "outage", 3, "read_uncommitted"))
                .containsExactlyInAnyOrder("before-1", "before-2", "after-1");
    }

    @Test
    void aProducerRidesThroughARestart() throws Exception {
        TestClients.createTopic(kafka, "mid-stream", 1);
        List<Future<RecordMetadata>> sends = new ArrayList<>();
        try (KafkaProducer<String, String> producer =
                TestClients.producer(
                        kafka,
                        Map.of(
                                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                                true,
                                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG,
                                60_000))) {
            for (int i = 0; i < 5; i++) {
                sends.add(producer.send(new ProducerRecord<>("mid-stream", "k", "v" + i)));
            }
            producer.flush();

            kafka.restart();

            for (int i = 5; i < 10; i++) {
                sends.add(producer.send(new ProducerRecord<>("mid-stream", "k", "v" + i)));
            }
            for (Future<RecordMetadata> send : sends) {
                send.get(60, TimeUnit.SECONDS);
            }
        }

        assertThat(TestClients.readValues(kafka, "mid-stream", 10, "read_uncommitted"))
                .containsExactly("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9");
    }

    @Test
    void twoBrokersRunSideBySideAsSeparateClusters() throws Exception {
        try (EmbeddedKafkaBroker second = EmbeddedKafkaBroker.builder().build().start()) {
            assertThat(List.of(second.brokerPort(), second.controllerPort()))
                    .doesNotContainAnyElementsOf(
                            List.of(kafka.brokerPort(), kafka.controllerPort()));

            TestClients.createTopic(second, "only-on-second", 1);
            TestClients.send(second, "only-on-second", List.of("hello"));

            assertThat(TestClients.readValues(second, "only-on-second", 1, "read_uncommitted"))
                    .containsExactly("hello");
            assertThat(TestClients.topicNames(kafka)).doesNotContain("only-on-second");
        }
    }

    @Test
    void aGivenDataDirectoryIsKeptAndReopenedOnOtherPorts(@TempDir Path directory)
            throws Exception {
        int firstPort;
        try (EmbeddedKafkaBroker first =
                EmbeddedKafkaBroker.builder().dataDirectory(directory).build().start()) {
            firstPort = first.brokerPort();
            TestClients.createTopic(first, "kept", 1);
            TestClients.send(first, "kept", List.of("survives-close"));
        }
        assertThat(directory.resolve("kraft-logs").resolve("meta.properties")).exists();

        try (EmbeddedKafkaBroker reopened =
                EmbeddedKafkaBroker.builder().dataDirectory(directory).build().start()) {
            assertThat(reopened.brokerPort()).isNotEqualTo(firstPort);
            assertThat(TestClients.readValues(reopened, "kept", 1, "read_uncommitted"))
                    .containsExactly("survives-close");
        }
    }

    @Test
    void closeDeletesATemporaryDataDirectory() {
        Path directory;
        try (EmbeddedKafkaBroker temporary = EmbeddedKafkaBroker.builder().build().start()) {
            directory = temporary.dataDirectory();
            assertThat(directory).isDirectory();
        }
        assertThat(Files.exists(directory)).isFalse();
    }

    @Test
    void aTakenPortFailsTheStartWithTheAddressInTheMessage() throws Exception {
        try (ServerSocket squatter = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"));
                EmbeddedKafkaBroker blocked =
                        EmbeddedKafkaBroker.builder()
                                .brokerPort(squatter.getLocalPort())
                                .startupTimeout(Duration.ofSeconds(20))
                                .build()) {
            assertThatThrownBy(blocked::start)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("127.0.0.1:" + squatter.getLocalPort())
                    .hasMessageContaining("did not start")
                    .hasMessageContaining("Address already in use");
            assertThat(blocked.isRunning()).isFalse();
        }
    }
}
