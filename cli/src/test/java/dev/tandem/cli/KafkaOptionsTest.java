package dev.tandem.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/** Every command that talks to Kafka takes {@code --bootstrap-servers} the same way. */
class KafkaOptionsTest {
    private static final List<String> KAFKA_COMMANDS =
            List.of("ship", "correlate", "inventory", "notify");

    @Test
    void eachKafkaCommandSharesOneBootstrapServersOption() {
        CommandLine tandem = Tandem.commandLine();
        for (String name : KAFKA_COMMANDS) {
            OptionSpec option =
                    tandem.getSubcommands()
                            .get(name)
                            .getCommandSpec()
                            .findOption("--bootstrap-servers");
            assertThat(option).as(name).isNotNull();
            assertThat(option.defaultValue()).as(name).isEqualTo("127.0.0.1:9092");
            assertThat(option.paramLabel()).as(name).isEqualTo("HOSTS");
            assertThat(option.description())
                    .as(name)
                    .containsExactly(
                            "Kafka brokers, host:port[,host:port]. Default: 127.0.0.1:9092.");
        }
    }

    @Test
    void theHelpShowsTheDefaultAndAGivenValueIsUsed() {
        for (String name : KAFKA_COMMANDS) {
            assertThat(CliRun.of(name, "--help").out())
                    .as(name)
                    .contains("--bootstrap-servers=HOSTS")
                    .contains("Kafka brokers, host:port[,host:port]. Default:")
                    .contains("127.0.0.1:9092");
        }
        CommandLine tandem = Tandem.commandLine();
        tandem.parseArgs("notify", "--bootstrap-servers", "kafka-0:9092,kafka-1:9092");
        NotifyCommand notify = tandem.getSubcommands().get("notify").getCommand();
        assertThat(notify.kafkaOptions.bootstrapServers).isEqualTo("kafka-0:9092,kafka-1:9092");
    }
}
