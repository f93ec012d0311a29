package dev.tandem.jobs.correlate;

import dev.tandem.ingest.model.PodRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The pods that held one IP, newest last, at most {@link #MAX_PODS_PER_IP}: a pod IP is reused by
 * later pods, and an inventory that keeps every pod ever seen would grow without end.
 */
final class IpHistory {
    static final int MAX_PODS_PER_IP = 16;

    private static final Comparator<PodRecord> BY_VALID_FROM =
            Comparator.comparing(
                    PodRecord::validFrom, Comparator.nullsFirst(Comparator.naturalOrder()));

    private IpHistory() {}

    /** {@code history} with {@code pod} added or replacing the same pod's older record. */
    static List<PodRecord> with(List<PodRecord> history, PodRecord pod) {
        List<PodRecord> next = new ArrayList<>();
        if (history != null) {
            for (PodRecord known : history) {
                if (!samePod(known, pod)) {
                    next.add(known);
                }
            }
        }
        next.add(pod);
        next.sort(BY_VALID_FROM);
        while (next.size() > MAX_PODS_PER_IP) {
            next.remove(0);
        }
        return next;
    }

    /** The pod that held {@code ip} at {@code at}; when records overlap, the newest wins. */
    static PodRecord holderAt(List<PodRecord> history, String ip, Instant at) {
        if (history == null) {
            return null;
        }
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).heldIpAt(ip, at)) {
                return history.get(i);
            }
        }
        return null;
    }

    private static boolean samePod(PodRecord a, PodRecord b) {
        if (a.uid() != null && b.uid() != null) {
            return a.uid().equals(b.uid());
        }
        return a.namespace().equals(b.namespace()) && a.name().equals(b.name());
    }
}
