package dev.tandem.cli;

import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * {@code --bootstrap-servers}, shared by every command that talks to Kafka ({@code @Mixin}), so the
 * option reads, defaults and is checked the same everywhere.
 */
final class KafkaOptions {
    /**
     * A host name or IPv4 address, or an IPv6 address in brackets (its colons would otherwise be
     * taken for the port's), then a port. Kafka's own parser is laxer: it reports a bad entry as
     * "Failed to construct kafka consumer" with a stack trace, or retries it in silence.
     */
    private static final Pattern HOST_PORT =
            Pattern.compile(
                    "(?:[A-Za-z0-9._-]+|\\[[0-9A-Fa-f.]*:[0-9A-Fa-f:.]*(?:%[A-Za-z0-9._-]+)?\\])"
                            + ":([0-9]{1,5})");

    @Option(
            names = "--bootstrap-servers",
            paramLabel = "HOSTS",
            defaultValue = "127.0.0.1:9092",
            description = "Kafka brokers, host:port[,host:port]. Default: ${DEFAULT-VALUE}.")
    private String bootstrapServers;

    /**
     * The brokers as given, once they are a comma-separated list of {@code host:port}.
     *
     * @throws UserError naming the entry that is not, and the expected form
     */
    String bootstrapServers() {
        invalidEntry(bootstrapServers)
                .ifPresent(
                        entry -> {
                            throw new UserError(
                                    "invalid --bootstrap-servers '"
                                            + bootstrapServers
                                            + "'"
                                            + (entry.equals(bootstrapServers.strip())
                                                    ? ""
                                                    : " (entry '" + entry + "')")
                                            + ": expected host:port[,host:port] with a port"
                                            + " within 1-65535, e.g. 127.0.0.1:9092");
                        });
        return bootstrapServers;
    }

    /** The first entry of {@code servers} that is not {@code host:port}, if any. */
    static Optional<String> invalidEntry(String servers) {
        // -1 keeps trailing empty entries: "kafka:9092," is a mistake, not one broker.
        for (String entry : servers.split(",", -1)) {
            String trimmed = entry.strip();
            var hostPort = HOST_PORT.matcher(trimmed);
            if (!hostPort.matches()) {
                return Optional.of(trimmed);
            }
            int port = Integer.parseInt(hostPort.group(1));
            if (port < 1 || port > 65_535) {
                return Optional.of(trimmed);
            }
        }
        return Optional.empty();
    }
}
