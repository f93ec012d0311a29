package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tandem.ingest.kafka.TopicSpec;
import dev.tandem.ingest.kafka.Topics;
import dev.tandem.kafka.embedded.EmbeddedKafkaBroker;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class BrokerCommandIT {

    @Test
    void startsABrokerWithEveryTandemTopic() throws Exception {
        StringWriter out = new StringWriter();
        BrokerCommand command = parse(out, "--port", "0");

        try (EmbeddedKafkaBroker broker = command.start();
                Admin admin =
                        Admin.create(
                                Map.of(
                                        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                                        broker.bootstrapServers()))) {
            Set<String> topics = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            assertThat(topics)
                    .containsAll(
                            Topics.ALL.stream().map(TopicSpec::name).collect(Collectors.toList()));
            assertThat(out.toString()).contains("Kafka is up at " + broker.bootstrapServers());
        }
    }

    @Test
    void aPortInUseIsAUserError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            BrokerCommand command =
                    parse(new StringWriter(), "--port", String.valueOf(taken.getLocalPort()));

            assertThatThrownBy(command::start)
                    .isInstanceOf(UserError.class)
                    .hasMessageContaining(
                            "cannot start Kafka on 127.0.0.1:" + taken.getLocalPort());
        }
    }

    private static BrokerCommand parse(StringWriter out, String... args) {
        BrokerCommand command = new BrokerCommand();
        CommandLine cli = new CommandLine(command);
        cli.setOut(new PrintWriter(out, true));
        cli.parseArgs(args);
        return command;
    }
}
