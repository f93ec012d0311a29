package dev.tandem.ingest.ship;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships log lines to Kafka's raw topics: from files (optionally followed), from a stream, or from
 * HTTP POSTs. One idempotent producer serves every input. Delivery is at least once: file offsets
 * are saved only below lines Kafka acknowledged, and HTTP requests are answered 200 only after
 * their records are acknowledged.
 *
 * <p>Keys keep each input's lines in order in one partition: {@code NODE:PATH} for a file, {@code
 * NODE:stdin} for standard input, {@code http:SENDER-IP} for HTTP.
 */
public final class Shipper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Shipper.class);
    private static final Duration STALL_WARNING = Duration.ofSeconds(10);

    private final ShipSettings settings;
    private final KafkaPublisher publisher;
    private final LineRouter router;
    private final ShipCounters counters = new ShipCounters();
    private final OffsetStore offsets;
    private final List<FileShipper> files = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ScheduledExecutorService progress;
    private long lastLines;
    private final long startNanos = System.nanoTime();
    private long lastNanos = startNanos;

    private Shipper(ShipSettings settings, Producer<byte[], byte[]> producer) throws IOException {
        this.settings = settings;
        this.publisher = new KafkaPublisher(producer, settings.bootstrapServers());
        this.router = new LineRouter(settings.kind());
        this.offsets = settings.stateDir() == null ? null : new OffsetStore(settings.stateDir());
        this.progress =
                Executors.newSingleThreadScheduledExecutor(
                        runnable -> daemon(runnable, "tandem-ship-progress"));
        if (settings.progressInterval() != null) {
            long ms = settings.progressInterval().toMillis();
            progress.scheduleAtFixedRate(this::logProgress, ms, ms, TimeUnit.MILLISECONDS);
        }
        progress.scheduleAtFixedRate(
                () -> publisher.warnIfStalled(STALL_WARNING), 1, 1, TimeUnit.SECONDS);
    }

    /** A shipper with its own producer configured by {@link ProducerSettings#forShipping}. */
    public static Shipper start(ShipSettings settings) throws IOException {
        return new Shipper(
                settings,
                new KafkaProducer<>(
                        ProducerSettings.forShipping(
                                settings.bootstrapServers(),
                                "tandem-ship-" + settings.nodeName())));
    }

    /**
     * Ships every file, each in its own thread; returns when all are read to their end and
     * acknowledged (or, when following, runs until interrupted).
     *
     * @throws ShipException when a file cannot be read or Kafka refused records
     */
    public void shipFiles(List<Path> paths, boolean follow) throws InterruptedException {
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool =
                Executors.newFixedThreadPool(
                        paths.size(),
                        runnable ->
                                daemon(
                                        runnable,
                                        "tandem-ship-file-" + threadNumber.incrementAndGet()));
        try {
            List<Future<?>> running = new ArrayList<>();
            for (Path path : paths) {
                FileShipper file =
                        new FileShipper(
                                path,
                                follow,
                                lineShipper(
                                        settings.nodeName()
                                                + ":"
                                                + path.toAbsolutePath().normalize(),
                                        "ship:" + path),
                                offsets);
                files.add(file);
                running.add(
                        pool.submit(
                                () -> {
                                    file.run();
                                    return null;
                                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ShipException) {
                throw (ShipException) cause;
            }
            throw new ShipException(cause.getMessage(), cause);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    /** Ships a stream to its end and waits until Kafka acknowledged every line. */
    public void shipStream(InputStream in, String name) throws IOException, InterruptedException {
        new StreamShipper(in, lineShipper(settings.nodeName() + ":" + name, "ship:" + name)).run();
    }

    /** Starts an HTTP listener on {@code address}; it runs until closed. */
    public HttpIngest listen(InetSocketAddress address, HttpOptions options) throws IOException {
        HttpServer server = HttpServer.create(address, 64);
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService executor =
                Executors.newFixedThreadPool(
                        options.threads(),
                        runnable ->
                                daemon(
                                        runnable,
                                        "tandem-ship-http-" + threadNumber.incrementAndGet()));
        server.setExecutor(executor);
        server.createContext(
                "/",
                new HttpIngestHandler(
                        options, sender -> lineShipper("http:" + sender, "ship:http:" + sender)));
        server.start();
        LOG.info(
                "listening for newline-delimited records on http://{}",
                hostPort(server.getAddress()));
        return new HttpIngest(server, executor);
    }

    /** What was read and where it went. */
    public ShipCounters counters() {
        return counters;
    }

    /** Records Kafka acknowledged so far. */
    public long acknowledged() {
        return publisher.acknowledged();
    }

    /** Records handed to Kafka and not yet acknowledged. */
    public long waiting() {
        return publisher.waiting();
    }

    /** Bytes of the files not yet acknowledged. */
    public long lagBytes() {
        return files.stream().mapToLong(FileShipper::lag).sum();
    }

    /**
     * One line for a person: throughput since the last such line, acknowledgements, what waits, how
     * far behind.
     */
    public synchronized String progressLine() {
        long now = System.nanoTime();
        long lines = counters.lines();
        double perSecond = (lines - lastLines) / Math.max(1e-9, (now - lastNanos) / 1e9);
        lastLines = lines;
        lastNanos = now;
        return describe(lines, perSecond);
    }

    /**
     * As {@link #progressLine}, with the throughput of the whole run: for its end, once {@link
     * #close} has sent what waited.
     */
    public synchronized String summaryLine() {
        long lines = counters.lines();
        return describe(lines, lines / Math.max(1e-9, (System.nanoTime() - startNanos) / 1e9));
    }

    private String describe(long lines, double perSecond) {
        return String.format(
                Locale.ROOT,
                "shipped %d lines (%.0f lines/s): %d flows, %d proxy, %d dead letters, %d blank;"
                        + " acknowledged %d, waiting %d, file lag %d bytes",
                lines,
                perSecond,
                counters.flows(),
                counters.proxy(),
                counters.deadLetters(),
                counters.blank(),
                publisher.acknowledged(),
                publisher.waiting(),
                lagBytes());
    }

    /**
     * Sends what waits, then closes the producer (records still unacknowledged are resent next
     * run).
     */
    @Override
    public void close() {
        progress.shutdownNow();
        try {
            publisher.flush();
        } finally {
            publisher.close();
        }
    }

    private void logProgress() {
        LOG.info(progressLine());
    }

    private LineShipper lineShipper(String key, String source) {
        return new LineShipper(router, publisher, counters, key, source);
    }

    private static String hostPort(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    private static Thread daemon(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, name);
        thread.setDaemon(true);
        return thread;
    }
}
