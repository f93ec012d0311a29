package dev.tandem.kafka.embedded;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The server properties of a single-node KRaft cluster on loopback: one process that is both broker
 * and controller, every listener on 127.0.0.1, every internal topic with one replica.
 */
final class BrokerProperties {
    static final String BROKER_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";

    /**
     * Keys the caller may not override: they decide where the broker listens and who its quorum is,
     * and changing them would break the loopback-only promise or the restart-in-place contract.
     */
    static final Set<String> RESERVED =
            Set.of(
                    "process.roles",
                    "node.id",
                    "listeners",
                    "advertised.listeners",
                    "listener.security.protocol.map",
                    "controller.listener.names",
                    "inter.broker.listener.name",
                    "controller.quorum.voters",
                    "controller.quorum.bootstrap.servers",
                    "log.dirs",
                    "log.dir",
                    "metadata.log.dir");

    private BrokerProperties() {}

    static Properties build(
            Path logDirectory,
            int brokerPort,
            int controllerPort,
            Duration startupTimeout,
            Map<String, String> extra) {
        Properties p = new Properties();
        p.setProperty("process.roles", "broker,controller");
        p.setProperty("node.id", "1");
        // A static voter set, not a formatted "--standalone" one: the voter endpoint then lives in
        // this config rather than in the log, so a kept data directory can be reopened on new
        // ports.
        p.setProperty("controller.quorum.voters", "1@" + LoopbackPorts.HOST + ":" + controllerPort);
        p.setProperty(
                "listeners",
                BROKER_LISTENER
                        + "://"
                        + LoopbackPorts.HOST
                        + ":"
                        + brokerPort
                        + ","
                        + CONTROLLER_LISTENER
                        + "://"
                        + LoopbackPorts.HOST
                        + ":"
                        + controllerPort);
        p.setProperty(
                "advertised.listeners",
                BROKER_LISTENER + "://" + LoopbackPorts.HOST + ":" + brokerPort);
        p.setProperty(
                "listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        p.setProperty("controller.listener.names", CONTROLLER_LISTENER);
        p.setProperty("inter.broker.listener.name", BROKER_LISTENER);
        p.setProperty("log.dirs", logDirectory.toAbsolutePath().toString());

        // One node: every replicated internal topic must accept a single replica, or the first
        // consumer group, transaction or share group waits forever for replicas that never come.
        p.setProperty("default.replication.factor", "1");
        p.setProperty("min.insync.replicas", "1");
        p.setProperty("offsets.topic.replication.factor", "1");
        p.setProperty("transaction.state.log.replication.factor", "1");
        p.setProperty("transaction.state.log.min.isr", "1");
        p.setProperty("share.coordinator.state.topic.replication.factor", "1");
        p.setProperty("share.coordinator.state.topic.min.isr", "1");
        // Internal topics default to 50 partitions each; creating them on first use costs seconds
        // that a test or the demo would wait for, and one node gains nothing from more than one.
        p.setProperty("offsets.topic.num.partitions", "1");
        p.setProperty("transaction.state.log.num.partitions", "1");
        p.setProperty("share.coordinator.state.topic.num.partitions", "1");

        // Topics are created explicitly with their intended configs (Topics / TopicAdmin): a
        // typo in a topic name must fail, not silently create a one-partition delete topic.
        p.setProperty("auto.create.topics.enable", "false");
        p.setProperty("num.partitions", "1");
        // Consumers in tests join one at a time; the default 3 s wait for more members is pure
        // delay.
        p.setProperty("group.initial.rebalance.delay.ms", "0");
        // The cleaner's dedupe buffer is allocated up front (128 MiB by default). 16 MiB compacts
        // the demo's and the tests' volumes and leaves the heap to Flink in the same JVM.
        p.setProperty("log.cleaner.dedupe.buffer.size", String.valueOf(16L << 20));
        // Bounds KafkaRaftServer.startup() itself, which otherwise may wait without limit.
        p.setProperty("server.max.startup.time.ms", String.valueOf(startupTimeout.toMillis()));

        p.putAll(extra);
        return p;
    }
}
