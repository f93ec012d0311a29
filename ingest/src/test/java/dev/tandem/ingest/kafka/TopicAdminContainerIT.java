package dev.tandem.ingest.kafka;

import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;

/**
 * The same TopicAdmin tests against Apache Kafka's own container image, for machines with a Docker
 * engine: proof that the embedded broker behaves like the real thing. Without Docker (as on the CI
 * machines) the class is reported as skipped.
 */
@Testcontainers(disabledWithoutDocker = true)
class TopicAdminContainerIT extends TopicAdminContract {
    /** The broker version Tandem pins for its clients (kafka-clients 4.2.0). */
    private static final String IMAGE = "apache/kafka:4.2.0";

    private KafkaContainer kafka;

    @Override
    String startKafka() {
        kafka = new KafkaContainer(IMAGE);
        kafka.start();
        return kafka.getBootstrapServers();
    }

    @Override
    void stopKafka() {
        kafka.stop();
    }
}
