package dev.tandem.ingest.ship;

import java.time.Duration;
import java.util.Objects;

/**
 * How the HTTP listener accepts records.
 *
 * @param bearerToken the token a request must carry ({@code Authorization: Bearer ...}), or null to
 *     accept any request
 * @param maxRequestBytes the largest body accepted (after gzip decoding); larger gets 413
 * @param ackTimeout how long a request waits for Kafka's acknowledgement before it is answered 503
 *     (the sender then retries)
 * @param threads requests handled at once; with the body cap this bounds the listener's memory
 */
public record HttpOptions(
        String bearerToken, int maxRequestBytes, Duration ackTimeout, int threads) {
    /** The default body cap: 8 MiB. */
    public static final int DEFAULT_MAX_REQUEST_BYTES = 8 * 1024 * 1024;

    public HttpOptions {
        Objects.requireNonNull(ackTimeout, "ackTimeout");
        if (bearerToken != null && bearerToken.isBlank()) {
            throw new IllegalArgumentException("the bearer token is empty");
        }
        if (maxRequestBytes < 1) {
            throw new IllegalArgumentException(
                    "maxRequestBytes must be positive, got " + maxRequestBytes);
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
    }

    /** No token, 8 MiB, 30 s, 4 threads. */
    public static HttpOptions defaults() {
        return new HttpOptions(null, DEFAULT_MAX_REQUEST_BYTES, Duration.ofSeconds(30), 4);
    }

    public HttpOptions withBearerToken(String token) {
        return new HttpOptions(token, maxRequestBytes, ackTimeout, threads);
    }

    public HttpOptions withMaxRequestBytes(int max) {
        return new HttpOptions(bearerToken, max, ackTimeout, threads);
    }
}
