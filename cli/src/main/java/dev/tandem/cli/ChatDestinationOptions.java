package dev.tandem.cli;

import dev.tandem.jobs.notify.ChatFormat;
import dev.tandem.jobs.notify.Destination;
import dev.tandem.jobs.notify.DestinationsFile;
import dev.tandem.jobs.notify.NotifyConfigException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * Where chat messages go: the options {@code tandem notify} and {@code tandem recommend} share. The
 * webhook URL is a secret, so it is read from a file or an environment variable, never from the
 * command line (which {@code ps} shows), and {@link Destination} masks it everywhere.
 */
final class ChatDestinationOptions {
    @ArgGroup(exclusive = true)
    Where where;

    static final class Where {
        @Option(
                names = "--webhook-url-file",
                paramLabel = "PATH",
                description = "A file whose first line is the webhook URL.")
        Path urlFile;

        @Option(
                names = "--webhook-url-env",
                paramLabel = "NAME",
                description = "An environment variable that holds the webhook URL.")
        String urlEnv;

        @Option(
                names = "--destinations",
                paramLabel = "FILE",
                description =
                        "A JSON or YAML (.yaml, .yml) file listing several destinations, each with"
                                + " its name, format, urlFile or urlEnv, minSeverity and namespaces.")
        Path destinationsFile;
    }

    @Option(
            names = "--format",
            paramLabel = "FORMAT",
            defaultValue = "slack",
            description =
                    "With one webhook: slack, teams, mattermost or generic. Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(
            names = "--name",
            paramLabel = "NAME",
            defaultValue = "chat",
            description =
                    "With one webhook: its name in logs and dead letters. Default: ${DEFAULT-VALUE}.")
    String name;

    /** True when any destination was given. */
    boolean given() {
        return where != null;
    }

    /** True when the destinations come from a {@code --destinations} file. */
    boolean fromFile() {
        return where != null && where.destinationsFile != null;
    }

    /**
     * The destinations as given, URLs read and checked now, before any work is done.
     *
     * @throws ParameterException for an unknown {@code --format}
     * @throws NotifyConfigException for a URL or destinations file that cannot be read or is wrong
     */
    List<Destination> destinations(CommandSpec spec) {
        boolean oneWebhook = where != null && where.destinationsFile == null;
        for (String option : List.of("--format", "--name")) {
            if (!oneWebhook && spec.commandLine().getParseResult().hasMatchedOption(option)) {
                // Taken and ignored, it would leave the user believing a format was chosen.
                throw new ParameterException(
                        spec.commandLine(),
                        option
                                + " applies to one webhook (--webhook-url-file or"
                                + " --webhook-url-env); a --destinations file names its own");
            }
        }
        if (where == null) {
            return List.of();
        }
        if (where.destinationsFile != null) {
            return DestinationsFile.read(where.destinationsFile);
        }
        ChatFormat chatFormat;
        try {
            chatFormat = ChatFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        return List.of(
                where.urlFile != null
                        ? Destination.fromFile(name, chatFormat, where.urlFile)
                        : Destination.fromEnv(name, chatFormat, where.urlEnv));
    }
}
