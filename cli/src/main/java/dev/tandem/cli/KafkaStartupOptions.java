package dev.tandem.cli;

import dev.tandem.ingest.kafka.KafkaStartupCheck;
import dev.tandem.ingest.kafka.KafkaStartupException;
import dev.tandem.ingest.kafka.TopicSpec;
import java.time.Duration;
import java.util.Collection;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --connect-timeout} and the check it bounds, shared ({@code @Mixin}) by the commands that
 * check Kafka before they start their clients ({@link KafkaStartupCheck}): so that each of them
 * fails alike, after the same wait, on a wrong address or a stopped broker.
 */
final class KafkaStartupOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    private Duration connectTimeout;

    /** Checked as it is parsed, so that a bad value stops the command before it does anything. */
    @Option(
            names = "--connect-timeout",
            paramLabel = "SECONDS",
            defaultValue = "15",
            description =
                    "How long to wait for Kafka to answer at start. Default: ${DEFAULT-VALUE}.")
    void connectTimeoutSeconds(int seconds) {
        if (seconds < 1) {
            throw new ParameterException(
                    command.commandLine(), "--connect-timeout must be at least 1");
        }
        connectTimeout = Duration.ofSeconds(seconds);
    }

    /**
     * Checks that Kafka at {@code bootstrapServers} answers and has {@code topics} (or creates
     * them, with {@code create}).
     *
     * @throws UserError naming the address and what is wrong
     */
    void requireTopics(String bootstrapServers, Collection<TopicSpec> topics, boolean create) {
        try {
            KafkaStartupCheck.requireTopics(bootstrapServers, connectTimeout, topics, create);
        } catch (KafkaStartupException e) {
            throw new UserError(e.getMessage(), e);
        }
    }

    /**
     * Checks only that Kafka at {@code bootstrapServers} answers.
     *
     * @throws UserError naming the address and what is wrong
     */
    void requireAnswer(String bootstrapServers) {
        try {
            KafkaStartupCheck.requireAnswer(bootstrapServers, connectTimeout);
        } catch (KafkaStartupException e) {
            throw new UserError(e.getMessage(), e);
        }
    }
}
