package dev.tandem.cli;

import picocli.CommandLine.Option;

/**
 * {@code --bootstrap-servers}, shared by every command that talks to Kafka ({@code @Mixin}), so the
 * option reads and defaults the same everywhere.
 */
final class KafkaOptions {
    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOSTS",
            defaultValue = "127.0.0.1:9092",
            description = "Kafka brokers, host:port[,host:port]. Default: ${DEFAULT-VALUE}.")
    String bootstrapServers;
}
