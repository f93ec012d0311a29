package dev.tandem.ingest.kafka;

import dev.tandem.kafka.embedded.EmbeddedKafkaBroker;

/** TopicAdmin against the embedded KRaft broker: runs everywhere, CI included. */
class TopicAdminIT extends TopicAdminContract {
    private EmbeddedKafkaBroker kafka;

    @Override
    String startKafka() {
        kafka = EmbeddedKafkaBroker.builder().build().start();
        return kafka.bootstrapServers();
    }

    @Override
    void stopKafka() {
        kafka.close();
    }
}
