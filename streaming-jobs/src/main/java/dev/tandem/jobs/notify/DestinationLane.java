package dev.tandem.jobs.notify;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One destination's queue: alerts come in through its {@link AlertGrouper}, wait for its rate
 * limit, and go out one message at a time; a message that failed is retried (after its backoff)
 * before anything behind it. When more messages wait than the rate limit allows now, they all go
 * out as one digest.
 */
final class DestinationLane {
    /** A message on its way, with the alerts it carries. */
    record Outgoing(ChatMessage message, byte[] body, List<PendingAlert> alerts, boolean digest) {}

    private final Destination destination;
    private final AlertGrouper grouper;
    private final TokenBucket bucket;
    private final int rateLimit;
    private final ArrayDeque<List<PendingAlert>> ready = new ArrayDeque<>();
    private Outgoing current;
    private int failures;
    private long retryAtNanos;

    DestinationLane(
            Destination destination, Duration quietPeriod, int rateLimitPerMinute, long nowNanos) {
        this.destination = destination;
        this.grouper = new AlertGrouper(quietPeriod);
        this.bucket = new TokenBucket(rateLimitPerMinute, nowNanos);
        this.rateLimit = rateLimitPerMinute;
    }

    Destination destination() {
        return destination;
    }

    void offer(PendingAlert alert, long nowNanos) {
        List<PendingAlert> now = grouper.offer(alert, nowNanos);
        if (now != null) {
            ready.add(now);
        }
    }

    /** Moves groups whose quiet period ended into the queue. */
    void tick(long nowNanos) {
        ready.addAll(grouper.due(nowNanos));
    }

    /** The message to post now, or null when none is due (empty, backing off, rate-limited). */
    Outgoing next(long nowNanos) {
        if (current != null) {
            return nowNanos - retryAtNanos >= 0 ? current : null;
        }
        if (ready.isEmpty()) {
            return null;
        }
        int tokens = bucket.available(nowNanos);
        if (tokens < 1) {
            return null;
        }
        bucket.tryTake(nowNanos);
        if (ready.size() <= tokens) {
            List<PendingAlert> alerts = ready.poll();
            current = outgoing(AlertMessages.group(alertsOf(alerts)), alerts, false);
        } else {
            List<List<ReceivedAlert>> groups = new ArrayList<>();
            List<PendingAlert> all = new ArrayList<>();
            for (List<PendingAlert> group = ready.poll(); group != null; group = ready.poll()) {
                groups.add(alertsOf(group));
                all.addAll(group);
            }
            current = outgoing(AlertMessages.digest(groups, rateLimit), all, true);
        }
        return current;
    }

    /** The current message was accepted. */
    void accepted() {
        current = null;
        failures = 0;
    }

    /** The current message was refused for good (its alerts are dead-lettered). */
    void refused() {
        current = null;
        failures = 0;
    }

    /**
     * The current message failed and is retried after a wait.
     *
     * @return the wait, and how many failures in a row it follows
     */
    Duration retryLater(PostOutcome.RetryLater outcome, Backoff backoff, long nowNanos) {
        failures++;
        Duration wait = backoff.before(outcome, failures);
        retryAtNanos = nowNanos + wait.toNanos();
        return wait;
    }

    int failures() {
        return failures;
    }

    long grouped() {
        return grouper.grouped();
    }

    /** True while messages or held groups wait here. */
    boolean busy() {
        return current != null || !ready.isEmpty();
    }

    /** Drops every message and group: after a rebalance they are read again from Kafka. */
    void clear() {
        grouper.clear();
        ready.clear();
        current = null;
        failures = 0;
    }

    private Outgoing outgoing(ChatMessage message, List<PendingAlert> alerts, boolean digest) {
        return new Outgoing(
                message, Payloads.render(destination.format(), message), alerts, digest);
    }

    private static List<ReceivedAlert> alertsOf(List<PendingAlert> pending) {
        List<ReceivedAlert> alerts = new ArrayList<>(pending.size());
        pending.forEach(p -> alerts.add(p.alert()));
        return alerts;
    }
}
