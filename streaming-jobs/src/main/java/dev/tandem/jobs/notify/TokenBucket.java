package dev.tandem.jobs.notify;

/**
 * A destination's rate limit: {@code perMinute} tokens, refilled evenly over a minute. Times are
 * {@link System#nanoTime()} values passed in, so tests choose them.
 */
final class TokenBucket {
    private static final double NANOS_PER_MINUTE = 60e9;

    private final double capacity;
    private final double perNano;
    private double tokens;
    private long lastNanos;

    TokenBucket(int perMinute, long nowNanos) {
        this.capacity = perMinute;
        this.perNano = perMinute / NANOS_PER_MINUTE;
        this.tokens = perMinute;
        this.lastNanos = nowNanos;
    }

    /** Whole tokens available at {@code nowNanos}. */
    int available(long nowNanos) {
        refill(nowNanos);
        return (int) Math.floor(tokens);
    }

    /** Takes one token; false when there is none. */
    boolean tryTake(long nowNanos) {
        refill(nowNanos);
        if (tokens < 1) {
            return false;
        }
        tokens -= 1;
        return true;
    }

    /** Nanoseconds until a token is available (0 when one is). */
    long nanosUntilToken(long nowNanos) {
        refill(nowNanos);
        return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed > 0) {
            tokens = Math.min(capacity, tokens + elapsed * perNano);
            lastNanos = nowNanos;
        }
    }
}
