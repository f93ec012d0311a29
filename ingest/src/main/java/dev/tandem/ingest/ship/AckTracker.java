package dev.tandem.ingest.ship;

import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tracks which lines of one input Kafka acknowledged, and the highest offset below which every line
 * is acknowledged: the offset that may be saved.
 *
 * <p>Lines are counted in batches (in practice, the lines of one read chunk): the reader registers
 * lines into the open batch with plain field writes, and {@link #seal} closes it. A batch is done
 * when every record in it is acknowledged; the committed offset moves to the end of the last batch
 * of an unbroken run of done batches. So the offset never passes an unacknowledged line, at the
 * price of saving offsets in steps of a batch (a restart may resend up to one batch more than the
 * lines strictly unacknowledged: at least once, as before).
 *
 * <p>Acknowledgements arrive out of order (a dead letter goes to another topic and partition than
 * its neighbours, and flows and proxy lines of one file go to two topics), so a batch counts its
 * records rather than trusting the last acknowledged one.
 *
 * <p>Thread-safe for one registering thread (the reader) and any acknowledging threads (the
 * producer's I/O thread). The reader's per-line work takes no lock; the lock is taken once per
 * batch.
 */
final class AckTracker {
    private final ArrayDeque<Batch> sealed = new ArrayDeque<>();
    private Batch open;
    private volatile long committed;
    private volatile Exception failure;

    AckTracker(long startOffset) {
        this.committed = startOffset;
    }

    /**
     * Registers the next line, ending at {@code endOffset}, as one record; returns the delivery to
     * hand to the publisher with it. Reader thread only.
     */
    Delivery register(long endOffset) {
        Batch batch = openBatch();
        batch.records++;
        batch.endOffset = endOffset;
        return batch;
    }

    /**
     * A line that needs no acknowledgement (a blank line) still moves the offset past it, once the
     * lines before it are acknowledged. Reader thread only.
     */
    void skip(long endOffset) {
        openBatch().endOffset = endOffset;
    }

    /**
     * Closes the open batch: no more lines join it, and it counts as done once its records are
     * acknowledged. Reader thread only; cheap when nothing was registered since the last seal.
     */
    void seal() {
        Batch batch = open;
        if (batch == null) {
            return;
        }
        open = null;
        synchronized (this) {
            sealed.addLast(batch);
        }
        if (batch.pending.addAndGet(batch.records) == 0) {
            // Every record was acknowledged before the seal (or there was none).
            batchDone(batch);
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
    long committedOffset() {
        return committed;
    }

    Exception failure() {
        return failure;
    }

    /** Seals the open batch, then waits until every line is acknowledged, or one failed. */
    void awaitAll() throws InterruptedException {
        seal();
        synchronized (this) {
            while (!sealed.isEmpty() && failure == null) {
                wait(1000);
            }
        }
    }

    private Batch openBatch() {
        Batch batch = open;
        if (batch == null) {
            batch = new Batch();
            open = batch;
        }
        return batch;
    }

    /** Marks {@code batch} done and pops the done batches at the head, committing past each. */
    private synchronized void batchDone(Batch batch) {
        batch.done = true;
        Batch head = sealed.peekFirst();
        while (head != null && head.done) {
            committed = head.endOffset;
            sealed.pollFirst();
            head = sealed.peekFirst();
        }
        if (sealed.isEmpty()) {
            notifyAll();
        }
    }

    /**
     * The lines registered between two seals. {@code pending} starts at 0 and each acknowledgement
     * takes one off; the seal adds the record count. Whichever of the two brings it back to 0 marks
     * the batch done: before the seal it is negative or 0 with nothing acknowledged, so it cannot
     * reach 0 early.
     */
    private final class Batch implements Delivery {
        final AtomicLong pending = new AtomicLong();
        // Written by the reader before the seal; the seal's locked hand-over publishes them.
        long records;
        long endOffset;
        // Guarded by the tracker's lock.
        boolean done;

        @Override
        public void acknowledged() {
            if (pending.decrementAndGet() == 0) {
                batchDone(this);
            }
        }

        @Override
        public void failed(Exception cause) {
            fail(cause);
        }
    }
}
