package dev.tandem.jobs.notify;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The most recent alert ids, to drop copies: the correlate job may write an alert twice (a replay
 * after a restore), and the notifier reads a record twice after a restart before its commit.
 * Bounded: the oldest id is forgotten first.
 */
final class DedupWindow {
    private final LinkedHashMap<String, Boolean> ids;

    DedupWindow(int capacity) {
        this.ids =
                new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {
                    private static final long serialVersionUID = 1L;

                    @Override
                    protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                        return size() > capacity;
                    }
                };
    }

    /** True the first time {@code id} is seen within the window. */
    boolean firstSighting(String id) {
        return ids.putIfAbsent(id, Boolean.TRUE) == null;
    }

    void clear() {
        ids.clear();
    }
}
