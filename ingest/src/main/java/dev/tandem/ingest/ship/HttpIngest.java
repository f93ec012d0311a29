package dev.tandem.ingest.ship;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/** A running HTTP listener of a {@link Shipper}; closing it stops accepting requests. */
public final class HttpIngest implements AutoCloseable {
    private final HttpServer server;
    private final ExecutorService executor;

    HttpIngest(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** The address it listens on (with the real port when port 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops accepting, lets running requests finish for up to a second, then stops. */
    @Override
    public void close() {
        server.stop(1);
        executor.shutdown();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
