package dev.tandem.jobs.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real webhook on 127.0.0.1 (JDK {@link HttpServer}) that records every request and answers 200,
 * or the scripted answers queued with {@link #answerNext}. It can stop and start again on the same
 * port, to play an outage; answer 503 to everything ({@link #refuseAll}); or accept a number of
 * messages and then hold the next request unanswered ({@link #holdAfterAccepting}), so a test knows
 * exactly what was accepted when it kills the notifier.
 */
final class WebhookSink implements AutoCloseable {
    static final String PATH = "/hooks/T000/B000/s3cr3t-token";
    private static final ObjectMapper JSON = new ObjectMapper();

    static {
        // The JDK server writes an answer's headers and body separately; with Nagle's algorithm
        // against the client's delayed ACK each answer then waits ~40 ms on loopback. Read once,
        // when the JVM's first HttpServer starts.
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    /** One request as received. */
    record Received(long nanos, String contentType, byte[] body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A scripted answer. */
    record Answer(int status, Map<String, String> headers, String body) {}

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Received> accepted = new CopyOnWriteArrayList<>();
    private final AtomicInteger held = new AtomicInteger();
    private volatile int holdAfter = Integer.MAX_VALUE;
    private volatile boolean refuseAll;
    private final CountDownLatch release = new CountDownLatch(1);
    private final ConcurrentLinkedQueue<Answer> script = new ConcurrentLinkedQueue<>();
    private volatile Duration delay = Duration.ZERO;
    private HttpServer server;
    private java.util.concurrent.ExecutorService executor;
    private int port;

    WebhookSink() {
        start();
    }

    /** Starts (again) on the same port as before, or on a free one the first time. */
    synchronized void start() {
        try {
            server =
                    HttpServer.create(
                            new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext(PATH, this::handle);
        executor = Executors.newFixedThreadPool(2);
        server.setExecutor(executor);
        server.start();
        port = server.getAddress().getPort();
    }

    /** Stops answering: connections are refused until {@link #start()}. */
    synchronized void stop() {
        if (executor.isShutdown()) {
            return;
        }
        server.stop(0);
        executor.shutdownNow();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + port + PATH);
    }

    void answerNext(int status, Map<String, String> headers, String body) {
        script.add(new Answer(status, headers, body));
    }

    void delayEachAnswer(Duration value) {
        this.delay = value;
    }

    List<Received> received() {
        return new ArrayList<>(received);
    }

    /** The requests answered with a 2xx, in arrival order. */
    List<Received> accepted() {
        return new ArrayList<>(accepted);
    }

    /**
     * Accepts {@code messages} more messages, then holds every further request unanswered until
     * {@link #releaseHeld()}. The notifier sends one request at a time, so once a request is held
     * it has taken in every answer before it.
     */
    void holdAfterAccepting(int messages) {
        this.holdAfter = accepted.size() + messages;
    }

    /** Waits until a request is held, or fails after {@code timeout}. */
    void awaitHeld(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (held.get() == 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no request was held; " + accepted.size() + " accepted");
            }
            Thread.sleep(10);
        }
    }

    /** Answers held requests with 503 (not accepted) and stops holding. */
    void releaseHeld() {
        holdAfter = Integer.MAX_VALUE;
        release.countDown();
    }

    /** Answers every request with 503 while {@code value} is true: a destination that is down. */
    void refuseAll(boolean value) {
        this.refuseAll = value;
    }

    /** Every alert id in the generic payloads answered with a 2xx, with repeats. */
    List<String> acceptedAlertIds() {
        return alertIdsOf(accepted());
    }

    /** Waits until {@code done} holds for the requests received, or fails after {@code timeout}. */
    List<Received> awaitReceived(Predicate<List<Received>> done, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<Received> now = received();
            if (done.test(now)) {
                return now;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(
                "the webhook did not get what was expected; got " + received.size() + " requests");
    }

    /** Every alert id in the generic payloads received, with repeats. */
    List<String> alertIds() {
        return alertIdsOf(received());
    }

    private static List<String> alertIdsOf(List<Received> requests) {
        List<String> ids = new ArrayList<>();
        for (Received r : requests) {
            r.json().path("alertIds").forEach(id -> ids.add(id.asText()));
        }
        return ids;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long nanos = System.nanoTime();
        byte[] body = exchange.getRequestBody().readAllBytes();
        Received request =
                new Received(nanos, exchange.getRequestHeaders().getFirst("Content-Type"), body);
        received.add(request);
        if (accepted.size() >= holdAfter) {
            held.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            answer(exchange, new Answer(503, Map.of(), "held"));
            return;
        }
        if (refuseAll) {
            answer(exchange, new Answer(503, Map.of(), "down"));
            return;
        }
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Answer answer = script.poll();
        if (answer == null) {
            answer = new Answer(200, Map.of(), "ok");
        }
        if (answer.status() / 100 == 2) {
            // Counted before the answer leaves: the notifier may act on it at once.
            accepted.add(request);
        }
        answer(exchange, answer);
    }

    private static void answer(HttpExchange exchange, Answer answer) throws IOException {
        answer.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] out = answer.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(answer.status(), out.length == 0 ? -1 : out.length);
        try (OutputStream stream = exchange.getResponseBody()) {
            stream.write(out);
        }
    }

    @Override
    public void close() {
        stop();
    }
}
