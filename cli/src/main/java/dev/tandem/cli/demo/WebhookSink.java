package dev.tandem.cli.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * A chat webhook stand-in on 127.0.0.1 (a free port): accepts JSON POSTs as Slack or Teams would,
 * answers 200, and hands each body on. What the demo's notifier posts to.
 */
public final class WebhookSink implements AutoCloseable {
    /** Larger bodies are refused (413): a chat message is a few KiB. */
    static final int MAX_BODY_BYTES = 1024 * 1024;

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<String> bodies = new ArrayList<>();
    private final Consumer<String> onMessage;

    private WebhookSink(HttpServer server, ExecutorService executor, Consumer<String> onMessage) {
        this.server = server;
        this.executor = executor;
        this.onMessage = onMessage;
    }

    /** Starts listening; {@code onMessage} sees each accepted body, one at a time. */
    public static WebhookSink start(Consumer<String> onMessage) throws IOException {
        HttpServer server =
                HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        ExecutorService executor =
                Executors.newSingleThreadExecutor(
                        runnable -> {
                            Thread thread = new Thread(runnable, "tandem-demo-webhook");
                            thread.setDaemon(true);
                            return thread;
                        });
        WebhookSink sink = new WebhookSink(server, executor, onMessage);
        server.setExecutor(executor);
        server.createContext("/", sink::handle);
        server.start();
        return sink;
    }

    /** Where to POST. */
    public URI uri() {
        InetSocketAddress address = server.getAddress();
        return URI.create(
                "http://"
                        + address.getAddress().getHostAddress()
                        + ":"
                        + address.getPort()
                        + "/hook");
    }

    /** The bodies accepted so far, in arrival order. */
    public synchronized List<String> bodies() {
        return List.copyOf(bodies);
    }

    /** Waits until at least {@code count} bodies arrived; false when {@code timeout} passed. */
    public synchronized boolean awaitBodies(int count, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (bodies.size() < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            if (body.length > MAX_BODY_BYTES) {
                exchange.sendResponseHeaders(413, -1);
                return;
            }
            String text = new String(body, StandardCharsets.UTF_8);
            onMessage.accept(text);
            synchronized (this) {
                bodies.add(text);
                notifyAll();
            }
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
        }
    }
}
