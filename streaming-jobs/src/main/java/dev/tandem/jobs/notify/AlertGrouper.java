package dev.tandem.jobs.notify;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups one destination's alerts by edge and verdict. The first alert of a pair goes out at once
 * (nobody waits for the first bypass); further alerts of the pair within the quiet period are held
 * and, when it ends, go out as one message with their count, which starts a new quiet period. A
 * pair that stayed quiet is forgotten. Times are {@link System#nanoTime()} values passed in.
 */
final class AlertGrouper {
    /** Pairs remembered at most; the quiet ones seen longest ago are forgotten first. */
    static final int MAX_TRACKED_PAIRS = 50_000;

    private final long quietNanos;
    private final Map<String, Pair> pairs = new LinkedHashMap<>();
    private long grouped;

    private static final class Pair {
        long quietUntil;
        List<PendingAlert> held = new ArrayList<>();

        Pair(long quietUntil) {
            this.quietUntil = quietUntil;
        }
    }

    AlertGrouper(java.time.Duration quietPeriod) {
        this.quietNanos = quietPeriod.toNanos();
    }

    /** The alerts to send now (just {@code alert}), or null when it is held for its group. */
    List<PendingAlert> offer(PendingAlert alert, long nowNanos) {
        if (quietNanos == 0) {
            return List.of(alert);
        }
        String key = alert.alert().groupKey();
        Pair pair = pairs.get(key);
        if (pair == null || (pair.held.isEmpty() && nowNanos - pair.quietUntil >= 0)) {
            pairs.remove(key);
            pairs.put(key, new Pair(nowNanos + quietNanos));
            forgetQuietPairs();
            return List.of(alert);
        }
        pair.held.add(alert);
        grouped++;
        return null;
    }

    /** The groups whose quiet period ended by {@code nowNanos}, each one message. */
    List<List<PendingAlert>> due(long nowNanos) {
        List<List<PendingAlert>> out = new ArrayList<>();
        for (Iterator<Pair> it = pairs.values().iterator(); it.hasNext(); ) {
            Pair pair = it.next();
            if (nowNanos - pair.quietUntil < 0) {
                continue;
            }
            if (pair.held.isEmpty()) {
                it.remove();
            } else {
                out.add(pair.held);
                pair.held = new ArrayList<>();
                pair.quietUntil = nowNanos + quietNanos;
            }
        }
        return out;
    }

    /** Alerts held so far in all (the {@code grouped} statistic). */
    long grouped() {
        return grouped;
    }

    void clear() {
        pairs.clear();
    }

    private void forgetQuietPairs() {
        for (Iterator<Pair> it = pairs.values().iterator();
                pairs.size() > MAX_TRACKED_PAIRS && it.hasNext(); ) {
            if (it.next().held.isEmpty()) {
                it.remove();
            }
        }
    }
}
