package dev.tandem.kafka.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka cluster (KRaft, broker and controller in one process) running in this
 * JVM and reachable on 127.0.0.1 only, for tests and {@code tandem demo}.
 *
 * <p>Every replicated internal topic has one replica, so consumer groups and transactional
 * (exactly-once) producers work; topics are never created automatically. {@link #stop()} and {@link
 * #restart()} keep the data directory and the ports, so a test can simulate a broker outage in the
 * middle of a stream and find every committed record afterwards.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.builder().build().start()) {
 *     String hosts = kafka.bootstrapServers(); // "127.0.0.1:41234"
 * }
 * }</pre>
 *
 * <p>Logging: the broker logs through SLF4J and this module ships no SLF4J provider; the
 * application (or a module's tests) chooses one. See this module's README.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private enum State {
        NEW,
        RUNNING,
        STOPPED,
        CLOSED
    }

    private final Path requestedDataDirectory;
    private final int requestedBrokerPort;
    private final int requestedControllerPort;
    private final Map<String, String> extraProperties;
    private final Duration startupTimeout;

    // Volatile so that the address getters and isRunning() answer without waiting for a start or
    // stop in progress on another thread; every change happens under the instance lock.
    private volatile State state = State.NEW;
    private volatile Path dataDirectory;
    private volatile int brokerPort;
    private volatile int controllerPort;
    private boolean ownsDataDirectory;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Builder builder) {
        this.requestedDataDirectory = builder.dataDirectory;
        this.requestedBrokerPort = builder.brokerPort;
        this.requestedControllerPort = builder.controllerPort;
        this.extraProperties = Map.copyOf(builder.extraProperties);
        this.startupTimeout = builder.startupTimeout;
    }

    /** A builder with the defaults: a temporary data directory, free ports, a 60 s timeout. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Formats the data directory when it is new, starts the broker and returns once a client can
     * reach it. The first start fixes the ports (choosing free ones for any set to 0); later starts
     * reuse them.
     *
     * @return this broker, for chaining
     * @throws IllegalStateException when the broker is already running, is closed, or does not
     *     serve within the startup timeout (the message names the address, the data directory and
     *     the cause)
     */
    public synchronized EmbeddedKafkaBroker start() {
        if (state == State.RUNNING) {
            throw new IllegalStateException("the embedded Kafka broker is already running");
        }
        if (state == State.CLOSED) {
            throw new IllegalStateException("the embedded Kafka broker is closed");
        }
        if (state == State.NEW) {
            prepare();
        }
        long startedAt = System.nanoTime();
        Path logDirectory = dataDirectory.resolve("kraft-logs");
        Properties properties =
                BrokerProperties.build(
                        logDirectory, brokerPort, controllerPort, startupTimeout, extraProperties);
        KafkaRaftServer candidate = null;
        try {
            Files.createDirectories(logDirectory);
            StorageFormatter.formatIfNeeded(
                    logDirectory, dataDirectory.resolve("server.properties"), properties);
            candidate = new KafkaRaftServer(KafkaConfig.fromProps(properties), Time.SYSTEM);
            candidate.startup();
            Duration left = startupTimeout.minusNanos(System.nanoTime() - startedAt);
            ReadinessProbe.awaitServing(
                    bootstrapServers(), left.isNegative() ? Duration.ZERO : left);
        } catch (IOException | RuntimeException e) {
            shutDownQuietly(candidate);
            state = State.STOPPED;
            throw new IllegalStateException(
                    "embedded Kafka broker on "
                            + bootstrapServers()
                            + " (controller port "
                            + controllerPort
                            + ", data in "
                            + dataDirectory
                            + ") did not start: "
                            + describe(e),
                    e);
        }
        server = candidate;
        state = State.RUNNING;
        return this;
    }

    /**
     * The address clients connect to, {@code 127.0.0.1:PORT}. Known from the first {@link #start()}
     * on, and unchanged by {@link #stop()} and {@link #restart()}.
     */
    public String bootstrapServers() {
        requireStartedOnce();
        return LoopbackPorts.HOST + ":" + brokerPort;
    }

    /** The port of the client listener; see {@link #bootstrapServers()}. */
    public int brokerPort() {
        requireStartedOnce();
        return brokerPort;
    }

    /** The port of the KRaft controller listener, also on 127.0.0.1. */
    public int controllerPort() {
        requireStartedOnce();
        return controllerPort;
    }

    /** Where the broker keeps its logs and metadata. */
    public Path dataDirectory() {
        requireStartedOnce();
        return dataDirectory;
    }

    /** Whether the broker is serving now. */
    public boolean isRunning() {
        return state == State.RUNNING;
    }

    /**
     * Shuts the broker down cleanly, keeping its data directory and ports for a later {@link
     * #start()}. Does nothing when it is not running.
     */
    public synchronized void stop() {
        if (state != State.RUNNING) {
            return;
        }
        KafkaRaftServer stopping = server;
        server = null;
        state = State.STOPPED;
        stopping.shutdown();
        stopping.awaitShutdown();
    }

    /**
     * Stops the broker when it runs and starts it again on the same ports over the same data, as a
     * broker outage and recovery look to its clients.
     */
    public synchronized void restart() {
        if (state == State.NEW || state == State.CLOSED) {
            throw new IllegalStateException(
                    "restart() needs a broker that was started and not closed; it is " + state);
        }
        stop();
        start();
    }

    /**
     * Stops the broker and deletes the data directory when it was a temporary one. Idempotent; a
     * data directory given to the builder is kept.
     */
    @Override
    public synchronized void close() {
        if (state == State.CLOSED) {
            return;
        }
        try {
            stop();
        } finally {
            state = State.CLOSED;
            if (ownsDataDirectory) {
                deleteRecursively(dataDirectory);
            }
        }
    }

    private void prepare() {
        int[] ports = LoopbackPorts.resolve(requestedBrokerPort, requestedControllerPort);
        brokerPort = ports[0];
        controllerPort = ports[1];
        try {
            if (requestedDataDirectory == null) {
                dataDirectory = Files.createTempDirectory("tandem-kafka-");
                ownsDataDirectory = true;
            } else {
                dataDirectory = Files.createDirectories(requestedDataDirectory);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not create the Kafka data directory", e);
        }
    }

    private void requireStartedOnce() {
        if (dataDirectory == null) {
            throw new IllegalStateException(
                    "the embedded Kafka broker has no address before its first start()");
        }
    }

    private static void shutDownQuietly(KafkaRaftServer candidate) {
        if (candidate == null) {
            return;
        }
        try {
            candidate.shutdown();
            candidate.awaitShutdown();
        } catch (RuntimeException suppressed) {
            // The start failure is what the caller needs; a second error from a half-started
            // server only repeats it.
        }
    }

    /** The failure and, when different, its root cause: Kafka wraps a bind error three times. */
    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == failure
                ? String.valueOf(failure.getMessage())
                : failure.getMessage() + "; root cause: " + root;
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete " + directory, e);
        }
    }

    /** Settings for an {@link EmbeddedKafkaBroker}; every setter checks its input at once. */
    public static final class Builder {
        private Path dataDirectory;
        private int brokerPort;
        private int controllerPort;
        private final Map<String, String> extraProperties = new LinkedHashMap<>();
        private Duration startupTimeout = Duration.ofSeconds(60);

        private Builder() {}

        /**
         * Keep the broker's data in {@code directory} (created if missing, kept on close). A
         * directory that already holds a cluster is reopened with its records. Default: a temporary
         * directory deleted by {@link EmbeddedKafkaBroker#close()}.
         */
        public Builder dataDirectory(Path directory) {
            this.dataDirectory = Objects.requireNonNull(directory, "directory");
            return this;
        }

        /** The client listener's port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder brokerPort(int port) {
            this.brokerPort = checkPort(port, "broker");
            return this;
        }

        /** The KRaft controller listener's port on 127.0.0.1; 0 (the default) picks a free one. */
        public Builder controllerPort(int port) {
            this.controllerPort = checkPort(port, "controller");
            return this;
        }

        /**
         * An extra broker property, applied over the defaults (for example {@code
         * log.retention.ms}). Listener, quorum, role and directory settings are rejected: they are
         * what keeps the broker on loopback and restartable in place.
         */
        public Builder brokerProperty(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (BrokerProperties.RESERVED.contains(key)) {
                throw new IllegalArgumentException(
                        "broker property '"
                                + key
                                + "' is set by EmbeddedKafkaBroker and cannot be overridden; reserved: "
                                + new TreeSet<>(BrokerProperties.RESERVED));
            }
            extraProperties.put(key, value);
            return this;
        }

        /** Several extra broker properties; see {@link #brokerProperty(String, String)}. */
        public Builder brokerProperties(Map<String, String> properties) {
            properties.forEach(this::brokerProperty);
            return this;
        }

        /** How long {@link EmbeddedKafkaBroker#start()} may take before it fails (default 60 s). */
        public Builder startupTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException(
                        "startup timeout must be positive, got " + timeout);
            }
            this.startupTimeout = timeout;
            return this;
        }

        /** A broker with these settings, not started yet. */
        public EmbeddedKafkaBroker build() {
            if (brokerPort != 0 && brokerPort == controllerPort) {
                throw new IllegalArgumentException(
                        "broker and controller ports must differ, both are " + brokerPort);
            }
            return new EmbeddedKafkaBroker(this);
        }

        private static int checkPort(int port, String which) {
            if (port < 0 || port > 65_535) {
                throw new IllegalArgumentException(
                        which + " port must be 0 (any free port) or 1-65535, got " + port);
            }
            return port;
        }
    }
}
