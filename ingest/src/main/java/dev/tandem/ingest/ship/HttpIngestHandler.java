package dev.tandem.ingest.ship;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import dev.tandem.ingest.decode.DecoderLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts newline-delimited records in POST bodies (Fluent Bit's http output with {@code format
 * json_lines}, Goldmane's emitter) and answers 200 only once Kafka acknowledged every record of the
 * body, so a sender that gets anything else sends again (at least once).
 *
 * <p>Answers: 405 for another method, 401 without the right bearer token, 415 for an encoding other
 * than gzip, 413 for a body over the cap, 400 for a body that is not newline-delimited text (a JSON
 * array, NUL bytes, broken chunking or gzip), 503 when Kafka did not acknowledge in time. Every
 * failure is caught here: a bad request never stops the listener.
 *
 * <p>Records are keyed by the sender's address: one node's Fluent Bit keeps its order within a
 * body. Two bodies sent at once by one sender are not ordered against each other (the sender did
 * not order them either).
 */
final class HttpIngestHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(HttpIngestHandler.class);

    private final HttpOptions options;
    private final Function<String, LineShipper> shipperForSender;
    private final byte[] expectedAuthorization;

    HttpIngestHandler(HttpOptions options, Function<String, LineShipper> shipperForSender) {
        this.options = options;
        this.shipperForSender = shipperForSender;
        this.expectedAuthorization =
                options.bearerToken() == null
                        ? null
                        : ("Bearer " + options.bearerToken()).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void handle(HttpExchange exchange) {
        try {
            serve(exchange);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            respondQuietly(exchange, 503, "shutting down; send again later");
        } catch (RuntimeException | IOException | Error e) {
            LOG.error("HTTP request from {} failed: {}", exchange.getRemoteAddress(), e.toString());
            respondQuietly(exchange, 500, "internal error; send again later");
        } finally {
            exchange.close();
        }
    }

    private void serve(HttpExchange exchange) throws IOException, InterruptedException {
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "POST");
            respond(exchange, 405, "use POST with newline-delimited records");
            return;
        }
        if (!authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
            respond(exchange, 401, "a valid bearer token is required");
            return;
        }
        String encoding = exchange.getRequestHeaders().getFirst("Content-Encoding");
        boolean gzip = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
        if (encoding != null && !gzip && !encoding.trim().equalsIgnoreCase("identity")) {
            respond(
                    exchange,
                    415,
                    "unsupported Content-Encoding " + encoding + "; use gzip or none");
            return;
        }
        String declared = exchange.getRequestHeaders().getFirst("Content-Length");
        if (declared != null && parseLength(declared) > options.maxRequestBytes()) {
            respond(exchange, 413, tooLarge());
            return;
        }
        byte[] body;
        try {
            body = readBody(exchange.getRequestBody(), gzip);
        } catch (IOException e) {
            respond(exchange, 400, "malformed request body: " + e.getMessage());
            return;
        }
        if (body == null) {
            respond(exchange, 413, tooLarge());
            return;
        }
        String malformed = malformed(body);
        if (malformed != null) {
            respond(exchange, 400, malformed);
            return;
        }
        String sender = exchange.getRemoteAddress().getAddress().getHostAddress();
        int records = ship(body, shipperForSender.apply(sender));
        respond(exchange, records < 0 ? 503 : 200, reply(records));
    }

    /** Publishes every line and waits for Kafka; returns the record count, or -1 on no ack. */
    private int ship(byte[] body, LineShipper lines) throws InterruptedException {
        RequestAcks acks = new RequestAcks();
        int[] count = {0};
        long[] lineNumber = {0};
        LineFramer framer = new LineFramer(DecoderLimits.MAX_RECORD_BYTES, 0);
        LineFramer.LineSink sink =
                (bytes, offset, length, fullLength, endOffset, containsNul) -> {
                    lineNumber[0]++;
                    Route route = lines.route(bytes, offset, length, containsNul);
                    if (!route.isBlank()) {
                        count[0]++;
                        lines.publish(
                                route,
                                bytes,
                                offset,
                                length,
                                fullLength,
                                lineNumber[0],
                                acks.register());
                    }
                };
        framer.feed(body, 0, body.length, sink);
        framer.flushPartial(sink);
        return acks.await(options.ackTimeout().toMillis()) ? count[0] : -1;
    }

    private static String reply(int records) {
        return records < 0
                ? "Kafka did not acknowledge the records in time; send them again"
                : "accepted " + records + " records";
    }

    private boolean authorized(String header) {
        if (expectedAuthorization == null) {
            return true;
        }
        return header != null
                && MessageDigest.isEqual(
                        expectedAuthorization, header.trim().getBytes(StandardCharsets.UTF_8));
    }

    /** The body, or null when it is over the cap; decoded from gzip when it says so. */
    private byte[] readBody(InputStream raw, boolean gzip) throws IOException {
        InputStream in = gzip ? new GZIPInputStream(raw) : raw;
        int cap = options.maxRequestBytes();
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(cap, 64 * 1024));
        byte[] chunk = new byte[16 * 1024];
        for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
            if (out.size() + n > cap) {
                return null;
            }
            out.write(chunk, 0, n);
        }
        return out.toByteArray();
    }

    /** Why the body is not newline-delimited text, or null when it is. */
    private static String malformed(byte[] body) {
        for (byte b : body) {
            if (b == 0) {
                return "the body holds NUL bytes: send newline-delimited text records";
            }
        }
        int i = skipWhitespace(body, 0);
        // "[{" opens a JSON array of records (Fluent Bit's "json" format); "[2024-" opens an
        // Envoy TEXT line, which is fine.
        if (i < body.length && body[i] == '[') {
            int j = skipWhitespace(body, i + 1);
            if (j < body.length && (body[j] == '{' || body[j] == ']')) {
                return "the body is a JSON array: send newline-delimited records"
                        + " (Fluent Bit http output: format json_lines)";
            }
        }
        return null;
    }

    private static int skipWhitespace(byte[] body, int from) {
        int i = from;
        while (i < body.length
                && (body[i] == ' ' || body[i] == '\t' || body[i] == '\r' || body[i] == '\n')) {
            i++;
        }
        return i;
    }

    private static long parseLength(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * The most of a refused body read before answering: a little over the default cap, so that a
     * client sending a slightly oversized batch reads its 413, while a huge upload costs bounded
     * work before the connection is closed on it.
     */
    private static final long DRAIN_LIMIT = 16L << 20;

    private String tooLarge() {
        return "the body exceeds the "
                + options.maxRequestBytes()
                + "-byte limit; send smaller batches";
    }

    private static void respond(HttpExchange exchange, int status, String message)
            throws IOException {
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        if (status >= 400) {
            // The body may be unread. Closing a socket with unread bytes resets it, and a client
            // still sending would see "connection reset" instead of this answer: read what is left,
            // up to a bound, first. Closing the connection is then the only safe end.
            drain(exchange.getRequestBody());
            exchange.getResponseHeaders().set("Connection", "close");
        }
        if (status == 503) {
            exchange.getResponseHeaders().set("Retry-After", "5");
        }
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
    }

    /** Reads and drops what is left of a request body, at most {@link #DRAIN_LIMIT} bytes. */
    private static void drain(InputStream body) {
        byte[] buffer = new byte[8192];
        long drained = 0;
        try {
            for (int n = body.read(buffer); n > 0 && drained < DRAIN_LIMIT; n = body.read(buffer)) {
                drained += n;
            }
        } catch (IOException e) {
            // The client is gone or sent garbage: nothing left to drain.
        }
    }

    private static void respondQuietly(HttpExchange exchange, int status, String message) {
        try {
            respond(exchange, status, message);
        } catch (IOException | RuntimeException e) {
            // Headers were already sent or the client is gone: closing the exchange is all left.
            LOG.debug("could not answer {}: {}", status, e.toString());
        }
    }
}
