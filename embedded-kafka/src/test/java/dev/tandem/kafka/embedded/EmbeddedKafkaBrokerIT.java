package dev.tandem.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Node;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One shared broker: where it listens, and that plain and transactional clients work on it. */
class EmbeddedKafkaBrokerIT {
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
    void advertisesTheLoopbackAddress() throws Exception {
        assertThat(kafka.bootstrapServers()).isEqualTo("127.0.0.1:" + kafka.brokerPort());
        try (Admin admin = TestClients.admin(kafka)) {
            Collection<Node> nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
            assertThat(nodes)
                    .singleElement()
                    .satisfies(
                            node -> {
                                assertThat(node.host()).isEqualTo("127.0.0.1");
                                assertThat(node.port()).isEqualTo(kafka.brokerPort());
                            });
        }
    }

    @Test
    void acceptsConnectionsOnlyOn127001() throws Exception {
        for (int port : List.of(kafka.brokerPort(), kafka.controllerPort())) {
            assertThat(connects(InetAddress.getByName("127.0.0.1"), port))
                    .as("127.0.0.1:%d", port)
                    .isTrue();
            // Another loopback address (Linux routes all of 127/8 to lo) and every address of the
            // machine's other interfaces: a wildcard bind (0.0.0.0) would accept these.
            for (InetAddress other : otherLocalAddresses()) {
                assertThat(connects(other, port)).as("%s:%d", other, port).isFalse();
            }
        }
    }

    @Test
    void roundTripsRecordsThroughAnExplicitlyCreatedTopic() throws Exception {
        TestClients.createTopic(kafka, "round-trip", 3);
        List<String> sent =
                IntStream.range(0, 20).mapToObj(i -> "record-" + i).collect(Collectors.toList());

        TestClients.send(kafka, "round-trip", sent);

        assertThat(TestClients.readValues(kafka, "round-trip", sent.size(), "read_uncommitted"))
                .containsExactlyInAnyOrderElementsOf(sent);
    }

    @Test
    void commitsTransactionsAndHidesAbortedOnes() throws Exception {
        TestClients.createTopic(kafka, "transactional", 1);
        try (KafkaProducer<String, String> producer =
                TestClients.producer(
                        kafka, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-test"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactional", "k", "committed-1"));
            producer.send(new ProducerRecord<>("transactional", "k", "committed-2"));
            producer.commitTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("transactional", "k", "aborted"));
            producer.flush();
            producer.abortTransaction();
        }

        assertThat(TestClients.readValues(kafka, "transactional", 2, "read_committed"))
                .containsExactly("committed-1", "committed-2");
    }

    @Test
    void neverCreatesTopicsImplicitly() throws Exception {
        try (KafkaProducer<String, String> producer =
                TestClients.producer(kafka, Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000))) {
            assertThatThrownBy(() -> producer.partitionsFor("never-created"))
                    .isInstanceOf(org.apache.kafka.common.errors.TimeoutException.class);
        }
        assertThat(TestClients.topicNames(kafka)).doesNotContain("never-created");
    }

    private static boolean connects(InetAddress address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<InetAddress> otherLocalAddresses() throws SocketException, IOException {
        List<InetAddress> addresses = new ArrayList<>();
        addresses.add(InetAddress.getByName("127.0.0.2"));
        for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
            if (nic.isUp() && !nic.isLoopback()) {
                nic.inetAddresses().filter(a -> a.getAddress().length == 4).forEach(addresses::add);
            }
        }
        return addresses;
    }
}
