package dev.tandem.cli;

import dev.tandem.ingest.kafka.TopicAdmin;
import dev.tandem.ingest.kafka.TopicOverrides;
import dev.tandem.ingest.kafka.TopicReport;
import dev.tandem.ingest.kafka.TopicSpec;
import dev.tandem.ingest.kafka.Topics;
import dev.tandem.kafka.embedded.EmbeddedKafkaBroker;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tandem broker}: a real single-node Kafka broker on this machine, for trying {@code ship}
 * and {@code inventory} without a Kafka cluster.
 */
@Command(
        name = "broker",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a single-node Kafka broker (KRaft) on 127.0.0.1 with Tandem's topics, until Ctrl-C."
                    + " For trying Tandem on one machine; point --bootstrap-servers at a real Kafka cluster"
                    + " for anything else.",
            ""
        },
        footer = {
            "",
            "Examples:",
            "  tandem broker &",
            "  tandem ship --kind auto --file /var/log/calico/flowlogs/flows.log",
            "  tandem broker --port 19092 --data-dir /tmp/tandem-kafka   # keeps its data"
        })
final class BrokerCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--port",
            paramLabel = "PORT",
            defaultValue = "9092",
            description =
                    "The port to listen on, on 127.0.0.1 only (0 picks a free one). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            description =
                    "Keep the broker's data in DIR across runs. Default: a temporary folder, deleted on exit.")
    Path dataDir;

    @Override
    public Integer call() throws InterruptedException {
        EmbeddedKafkaBroker broker = start();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(
                        new Thread(
                                () -> {
                                    broker.close();
                                    stopped.countDown();
                                },
                                "tandem-broker-shutdown"));
        spec.commandLine().getOut().println("Press Ctrl-C to stop.");
        stopped.await();
        return 0;
    }

    /** Starts the broker and creates Tandem's topics on it; the caller closes it. */
    EmbeddedKafkaBroker start() {
        if (port < 0 || port > 65535) {
            throw new UserError("--port must be between 0 and 65535, not " + port);
        }
        EmbeddedKafkaBroker.Builder builder = EmbeddedKafkaBroker.builder().brokerPort(port);
        if (dataDir != null) {
            builder.dataDirectory(dataDir);
        }
        EmbeddedKafkaBroker broker;
        try {
            broker = builder.build().start();
        } catch (RuntimeException e) {
            throw new UserError(
                    "cannot start Kafka on 127.0.0.1:" + port + ": " + rootMessage(e), e);
        }
        try (Admin admin =
                Admin.create(
                        Map.of(
                                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                broker.bootstrapServers()))) {
            TopicReport report =
                    new TopicAdmin(admin, Duration.ofSeconds(30))
                            .ensureTopics(Topics.ALL, TopicOverrides.none());
            report.requireCompatible();
        } catch (RuntimeException e) {
            broker.close();
            throw e;
        }
        spec.commandLine()
                .getOut()
                .printf(
                        "Kafka is up at %s (data in %s) with topics %s%n",
                        broker.bootstrapServers(),
                        broker.dataDirectory(),
                        Topics.ALL.stream().map(TopicSpec::name).collect(Collectors.joining(", ")));
        return broker;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.toString() : root.getMessage();
    }
}
