package dev.tandem.cli;

import dev.tandem.ingest.detect.LogKind;
import dev.tandem.ingest.io.IoProblems;
import dev.tandem.ingest.ship.HttpIngest;
import dev.tandem.ingest.ship.HttpOptions;
import dev.tandem.ingest.ship.ShipException;
import dev.tandem.ingest.ship.ShipSettings;
import dev.tandem.ingest.ship.ShipTopics;
import dev.tandem.ingest.ship.Shipper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tandem ship}: publishes log lines from files, standard input or HTTP to Kafka. */
@Command(
        name = "ship",
        mixinStandardHelpOptions = true,
        description = {
            "Publishes Calico flow logs and Envoy/Istio access logs to Kafka's raw topics, line by"
                    + " line, for the correlation job to decode. Delivery is at least once: a file's"
                    + " offset is saved only after Kafka acknowledged its lines, so a crash and a"
                    + " restart resend at most the unacknowledged tail; a Kafka outage blocks and"
                    + " retries, losing nothing.",
            ""
        },
        footer = {
            "",
            "Topics: calico and goldmane go to tandem.flows.raw, envoy to tandem.proxy.raw; auto"
                    + " decides per line, and lines of no known format go to tandem.deadletter.",
            "Keys: NODE:PATH for a file (one file's lines stay in order), http:SENDER-IP for HTTP.",
            "",
            "Examples:",
            "  tandem ship --kind calico --file /var/log/calico/flowlogs/flows.log --follow",
            "  kubectl logs deploy/reviews-v1 -c istio-proxy \\",
            "      | tandem ship --kind envoy --file -",
            "  tandem ship --kind auto --listen 0.0.0.0:8080 --token-file /etc/tandem/token"
        })
final class ShipCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--kind",
            required = true,
            paramLabel = "KIND",
            description =
                    "What the input holds: calico, goldmane, envoy, or auto (detect each line).")
    String kind;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Input input;

    static final class Input {
        @Option(
                names = "--file",
                arity = "1..*",
                paramLabel = "PATH",
                description = "Files to ship; - reads standard input.")
        List<String> files;

        @Option(
                names = "--listen",
                paramLabel = "HOST:PORT",
                description =
                        "Accept HTTP POSTs of newline-delimited records on HOST:PORT (a missing"
                                + " host means 127.0.0.1).")
        String listen;
    }

    @Option(
            names = "--follow",
            description =
                    "Keep reading the files as they grow, across rotation and truncation, until"
                            + " stopped.")
    boolean follow;

    @Mixin KafkaOptions kafkaOptions;

    @Option(
            names = "--state-dir",
            paramLabel = "DIR",
            description =
                    "Where file offsets are saved. Default: ~/.tandem/ship-state."
                            + " Standard input and HTTP save none. Offsets are kept per file"
                            + " path: to ship the same files to another Kafka, give another"
                            + " --state-dir.")
    Path stateDir;

    @Option(
            names = "--node-name",
            paramLabel = "NAME",
            description =
                    "This node's name, part of each file record's key. Default: $NODE_NAME, else"
                            + " the host name.")
    String nodeName;

    @Option(
            names = "--token-file",
            paramLabel = "FILE",
            description = "With --listen: require 'Authorization: Bearer <token in FILE>'.")
    Path tokenFile;

    @Option(
            names = "--max-request-bytes",
            paramLabel = "BYTES",
            defaultValue = "8388608",
            description = "With --listen: the largest body accepted (413 above). Default: 8 MiB.")
    int maxRequestBytes;

    @Option(
            names = "--progress-interval",
            paramLabel = "SECONDS",
            defaultValue = "30",
            description =
                    "Log records/s and lag every SECONDS (0: never). Default: ${DEFAULT-VALUE}.")
    int progressSeconds;

    @Option(
            names = "--create-topics",
            description = "Create missing topics instead of stopping with an error.")
    boolean createTopics;

    @Mixin KafkaStartupOptions kafkaStartup;

    @Override
    public Integer call() throws Exception {
        String bootstrapServers = kafkaOptions.bootstrapServers();
        LogKind logKind = parseKind();
        if (follow && input.listen != null) {
            throw new ParameterException(spec.commandLine(), "--follow works with --file only");
        }
        if (progressSeconds < 0) {
            throw new ParameterException(
                    spec.commandLine(), "--progress-interval must be 0 (never) or more");
        }
        if (nodeName != null && nodeName.isBlank()) {
            // Part of every file record's key: a blank one mixes the nodes' files.
            throw new ParameterException(spec.commandLine(), "--node-name must not be blank");
        }
        InetSocketAddress address = input.listen == null ? null : parseListen(input.listen);
        HttpOptions http = address == null ? null : httpOptions();
        List<Path> files = new ArrayList<>();
        boolean stdin = false;
        if (input.files != null) {
            InputFiles.checkReadable(input.files);
            for (String file : input.files) {
                if (file.equals(InputFiles.STDIN)) {
                    stdin = true;
                } else {
                    files.add(Path.of(file));
                }
            }
            if (stdin && (!files.isEmpty() || follow)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "--file - (standard input) cannot be combined with other files or --follow");
            }
        }
        // Local mistakes first: a wrong --state-dir should not wait for Kafka's answer.
        Path offsets =
                stateDir == null
                        ? UserHome.path().resolve(".tandem").resolve("ship-state")
                        : stateDir;
        WritableFolder.require("--state-dir", offsets);
        kafkaStartup.requireTopics(bootstrapServers, ShipTopics.WRITTEN, createTopics);
        ShipSettings settings =
                new ShipSettings(
                        bootstrapServers,
                        logKind,
                        nodeName == null ? defaultNodeName() : nodeName,
                        offsets,
                        progressSeconds <= 0 ? null : Duration.ofSeconds(progressSeconds));
        Shipper shipper;
        try {
            shipper = Shipper.start(settings);
        } catch (ShipException e) {
            throw new UserError(e.getMessage(), e);
        } catch (IOException e) {
            throw new UserError("cannot ship: " + IoProblems.describe(e), e);
        }
        try (shipper) {
            if (address != null) {
                try (HttpIngest listener = shipper.listen(address, http)) {
                    spec.commandLine()
                            .getErr()
                            .println(
                                    "ship: listening on "
                                            + listener.address()
                                            + "; stop with Ctrl-C");
                    new CountDownLatch(1).await();
                }
            } else if (stdin) {
                shipper.shipStream(System.in, "stdin");
            } else {
                shipper.shipFiles(files, follow);
            }
        } catch (ShipException e) {
            throw new UserError(e.getMessage(), e);
        } catch (IOException e) {
            throw new UserError("cannot ship: " + IoProblems.describe(e), e);
        }
        // After close: the producer's last acknowledgements are in, so "waiting" is what is left.
        spec.commandLine().getErr().println("ship: " + shipper.summaryLine());
        return 0;
    }

    private LogKind parseKind() {
        switch (kind.toLowerCase(Locale.ROOT)) {
            case "auto":
                return LogKind.AUTO;
            case "calico":
                return LogKind.CALICO;
            case "goldmane":
                return LogKind.GOLDMANE;
            case "envoy":
                return LogKind.ENVOY;
            default:
                throw new ParameterException(
                        spec.commandLine(),
                        "Invalid value for option '--kind': '"
                                + kind
                                + "' (expected calico, goldmane, envoy or auto)");
        }
    }

    private InetSocketAddress parseListen(String value) {
        int colon = value.lastIndexOf(':');
        String host = colon < 0 ? "" : value.substring(0, colon);
        String port = colon < 0 ? value : value.substring(colon + 1);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        int number;
        try {
            number = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            number = -1;
        }
        if (number < 0 || number > 65535) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid value for option '--listen': '" + value + "' (expected HOST:PORT)");
        }
        try {
            return new InetSocketAddress(
                    InetAddress.getByName(host.isEmpty() ? "127.0.0.1" : host), number);
        } catch (UnknownHostException e) {
            throw new UserError("cannot listen on " + value + ": unknown host " + host);
        }
    }

    private HttpOptions httpOptions() throws IOException {
        HttpOptions options = HttpOptions.defaults();
        if (maxRequestBytes < 1) {
            throw new ParameterException(
                    spec.commandLine(), "--max-request-bytes must be positive");
        }
        options = options.withMaxRequestBytes(maxRequestBytes);
        if (tokenFile != null) {
            InputFiles.checkReadable(List.of(tokenFile.toString()));
            String token = Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
            if (token.isEmpty()) {
                throw new UserError("token file " + tokenFile + " is empty");
            }
            options = options.withBearerToken(token);
        }
        return options;
    }

    private static String defaultNodeName() {
        String env = System.getenv("NODE_NAME");
        if (env != null && !env.isBlank()) {
            return env.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
