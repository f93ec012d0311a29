package dev.tandem.jobs.notify;

import java.time.Duration;
import java.util.Random;

/**
 * Exponential backoff with "equal jitter": the n-th wait is between half and all of {@code initial
 * * 2^(n-1)}, capped. The jitter keeps many notifiers (or destinations) that failed together from
 * retrying in step; the lower half keeps the backoff a backoff.
 */
final class Backoff {
    private final long initialNanos;
    private final long maxNanos;
    private final Duration maxRetryAfter;
    private final Random random;

    Backoff(RetryPolicy policy, Random random) {
        this.initialNanos = policy.initialBackoff().toNanos();
        this.maxNanos = policy.maxBackoff().toNanos();
        this.maxRetryAfter = policy.maxRetryAfter();
        this.random = random;
    }

    /** The wait after {@code failures} consecutive failures (1 for the first). */
    Duration after(int failures) {
        int doublings = Math.min(Math.max(failures, 1) - 1, 40);
        long full = initialNanos;
        for (int i = 0; i < doublings && full < maxNanos; i++) {
            full *= 2;
        }
        full = Math.min(full, maxNanos);
        long half = full / 2;
        long jitter = half == 0 ? 0 : (long) (random.nextDouble() * (full - half));
        return Duration.ofNanos(half + jitter);
    }

    /**
     * The wait before retrying after {@code retry}, the {@code failures}-th failure in a row: the
     * server's {@code Retry-After} when it gave one (capped), else the backoff.
     */
    Duration before(PostOutcome.RetryLater retry, int failures) {
        Duration asked = retry.retryAfter();
        if (asked == null) {
            return after(failures);
        }
        return asked.compareTo(maxRetryAfter) <= 0 ? asked : maxRetryAfter;
    }
}
