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
        assertThat(notify.kafkaOptions.bootstrapServers()).isEqualTo("kafka-0:9092,kafka-1:9092");
    }

    @Test
    void hostPortListsAreValid() {
        assertThat(
                        List.of(
                                "127.0.0.1:9092",
                                "kafka-0.kafka.svc.cluster.local:9092,kafka-1:9093",
                                " kafka-0:9092 , kafka-1:9092 ",
                                "[::1]:9092",
                                "[fe80::1%eth0]:1",
                                "localhost:65535"))
                .allSatisfy(servers -> assertThat(KafkaOptions.invalidEntry(servers)).isEmpty());
    }

    @Test
    void theFirstEntryThatIsNotHostPortIsNamed() {
        assertThat(KafkaOptions.invalidEntry("nohost")).hasValue("nohost");
        assertThat(KafkaOptions.invalidEntry(":9092")).hasValue(":9092");
        assertThat(KafkaOptions.invalidEntry("kafka:0")).hasValue("kafka:0");
        assertThat(KafkaOptions.invalidEntry("kafka:65536")).hasValue("kafka:65536");
        assertThat(KafkaOptions.invalidEntry("kafka:99999")).hasValue("kafka:99999");
        assertThat(KafkaOptions.invalidEntry("kafka:port")).hasValue("kafka:port");
        assertThat(KafkaOptions.invalidEntry("")).hasValue("");
        assertThat(KafkaOptions.invalidEntry("kafka-0:9092,")).hasValue("");
        assertThat(KafkaOptions.invalidEntry("kafka-0:9092,kafka-1")).hasValue("kafka-1");
        assertThat(KafkaOptions.invalidEntry("::1:9092")).as("IPv6 needs brackets").isPresent();
        assertThat(KafkaOptions.invalidEntry("PLAINTEXT://kafka:9092")).isPresent();
    }

    @Test
    void aBadListIsOneLineAndExitStatus2InEveryKafkaCommand() {
        for (String name : KAFKA_COMMANDS) {
            for (String servers : List.of("nohost", ":99999", "")) {
                CliRun run = CliRun.of(withRequiredOptions(name, "--bootstrap-servers", servers));

                assertThat(run.exitCode()).as(name + " " + servers).isEqualTo(2);
                assertThat(run.err())
                        .as(name + " " + servers)
                        .isEqualTo(
                                name
                                        + ": invalid --bootstrap-servers '"
                                        + servers
                                        + "': expected host:port[,host:port] with a port within"
                                        + " 1-65535, e.g. 127.0.0.1:9092"
                                        + System.lineSeparator());
            }
        }
    }

    @Test
    void theBadEntryOfALongerListIsNamed() {
        CliRun run = CliRun.of("correlate", "--bootstrap-servers", "kafka-0:9092,kafka-1");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err())
                .startsWith(
                        "correlate: invalid --bootstrap-servers 'kafka-0:9092,kafka-1' (entry"
                                + " 'kafka-1'): expected host:port[,host:port]");
    }

    /**
     * {@code name}'s required options, with values that are never read: the list is checked first.
     * The files need not exist for the same reason.
     */
    private static String[] withRequiredOptions(String name, String... more) {
        List<String> args =
                switch (name) {
                    case "ship" -> List.of("ship", "--kind", "auto", "--file", "flows.log");
                    case "inventory" -> List.of("inventory", "--file", "inventory.json");
                    case "notify" -> List.of("notify", "--webhook-url-file", "slack.url");
                    default -> List.of(name);
                };
        return java.util.stream.Stream.concat(args.stream(), java.util.Arrays.stream(more))
                .toArray(String[]::new);
    }
}
