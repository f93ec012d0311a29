package dev.tandem.jobs.notify;

import java.time.Duration;
import java.util.Objects;

/**
 * How a webhook request is retried: HTTP 429 waits for its {@code Retry-After} (capped); 5xx, 408
 * and timeouts wait an exponential backoff with jitter; any other answer outside 2xx is final.
 *
 * @param requestTimeout how long one request may take, connecting included
 * @param initialBackoff the wait after the first failure; it doubles per failure
 * @param maxBackoff the longest wait between two attempts
 * @param maxRetryAfter the longest {@code Retry-After} honoured: a server asking for a day is asked
 *     again sooner
 * @param maxAttempts attempts before {@link ChatPoster} gives up; the notifier never gives up on a
 *     retryable failure (an outage delays alerts, it does not lose them)
 */
public record RetryPolicy(
        Duration requestTimeout,
        Duration initialBackoff,
        Duration maxBackoff,
        Duration maxRetryAfter,
        int maxAttempts) {
    public RetryPolicy {
        positive(requestTimeout, "requestTimeout");
        positive(initialBackoff, "initialBackoff");
        positive(maxBackoff, "maxBackoff");
        positive(maxRetryAfter, "maxRetryAfter");
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff must not be below initialBackoff");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** 10 s per request, backoff from 1 s to 5 min, Retry-After up to 1 h, 5 attempts. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(
                Duration.ofSeconds(10),
                Duration.ofSeconds(1),
                Duration.ofMinutes(5),
                Duration.ofHours(1),
                5);
    }

    /** This policy with other backoff bounds (tests use milliseconds). */
    public RetryPolicy withBackoff(Duration initial, Duration max) {
        return new RetryPolicy(requestTimeout, initial, max, maxRetryAfter, maxAttempts);
    }

    /** This policy with another request timeout. */
    public RetryPolicy withRequestTimeout(Duration timeout) {
        return new RetryPolicy(timeout, initialBackoff, maxBackoff, maxRetryAfter, maxAttempts);
    }

    /** This policy with another attempt bound for {@link ChatPoster}. */
    public RetryPolicy withMaxAttempts(int attempts) {
        return new RetryPolicy(requestTimeout, initialBackoff, maxBackoff, maxRetryAfter, attempts);
    }

    private static void positive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }
}
