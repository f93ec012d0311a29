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
import java.util.concurrent.Executors;
import java.util.function.Predicate;

/**
 * A real webhook on 127.0.0.1 (JDK {@link HttpServer}) that records every request and answers 200,
 * or the scripted answers queued with {@link #answerNext}. It can stop and start again on the same
 * port, to play an outage.
 */
final class WebhookSink implements AutoCloseable {
    static final String PATH = "/hooks/T000/B000/s3cr3t-token";
    private static final ObjectMapper JSON = new ObjectMapper();

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
        List<String> ids = new ArrayList<>();
        for (Received r : received()) {
            r.json().path("alertIds").forEach(id -> ids.add(id.asText()));
        }
        return ids;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long nanos = System.nanoTime();
        byte[] body = exchange.getRequestBody().readAllBytes();
        received.add(
                new Received(nanos, exchange.getRequestHeaders().getFirst("Content-Type"), body));
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
