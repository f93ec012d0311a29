package dev.tandem.ingest.ship;

/**
 * Tracks which lines of one input Kafka acknowledged, and the highest offset below which every line
 * is acknowledged: the offset that may be saved. Acknowledgements arrive out of order (a dead
 * letter goes to another topic and partition than its neighbours), so one acknowledged line does
 * not mean the lines before it are.
 *
 * <p>Thread-safe: the reader registers, the producer's I/O thread acknowledges.
 */
final class AckTracker {
    private long[] endOffsets = new long[1024];
    private boolean[] done = new boolean[1024];
    private long head;
    private long tail;
    private long committed;
    private Exception failure;

    AckTracker(long startOffset) {
        this.committed = startOffset;
    }

    /** Registers the next line, ending at {@code endOffset}; returns its sequence number. */
    synchronized long register(long endOffset) {
        if (tail - head == endOffsets.length) {
            grow();
        }
        int slot = slot(tail);
        endOffsets[slot] = endOffset;
        done[slot] = false;
        return tail++;
    }

    /** A line that needs no acknowledgement (a blank line) still moves the offset past it. */
    synchronized void skip(long endOffset) {
        if (head == tail) {
            committed = Math.max(committed, endOffset);
        } else {
            acknowledge(register(endOffset));
        }
    }

    synchronized void acknowledge(long sequence) {
        done[slot(sequence)] = true;
        while (head < tail && done[slot(head)]) {
            committed = endOffsets[slot(head)];
            head++;
        }
        if (head == tail) {
            notifyAll();
        }
    }

    /** A record was refused for good: the offset never moves past it again. */
    synchronized void fail(Exception cause) {
        if (failure == null) {
            failure = cause;
        }
        notifyAll();
    }

    /** The offset up to which every line is acknowledged. */
    synchronized long committedOffset() {
        return committed;
    }

    synchronized int pending() {
        return (int) (tail - head);
    }

    synchronized Exception failure() {
        return failure;
    }

    /** Waits until every registered line is acknowledged, or one failed. */
    synchronized void awaitAll() throws InterruptedException {
        while (head < tail && failure == null) {
            wait(1000);
        }
    }

    /** A delivery that acknowledges {@code sequence} here. */
    Delivery delivery(long sequence) {
        return new Delivery() {
            @Override
            public void acknowledged() {
                acknowledge(sequence);
            }

            @Override
            public void failed(Exception cause) {
                fail(cause);
            }
        };
    }

    private int slot(long sequence) {
        return (int) (sequence % endOffsets.length);
    }

    private void grow() {
        int size = endOffsets.length;
        long[] offsets = new long[size * 2];
        boolean[] flags = new boolean[size * 2];
        for (long s = head; s < tail; s++) {
            offsets[(int) (s % offsets.length)] = endOffsets[slot(s)];
            flags[(int) (s % offsets.length)] = done[slot(s)];
        }
        endOffsets = offsets;
        done = flags;
    }
}
