package dev.tandem.ingest.ship;

/** Counts the acknowledgements one HTTP request still waits for. Thread-safe. */
final class RequestAcks implements Delivery {
    private int pending;
    private Exception failure;

    synchronized Delivery register() {
        pending++;
        return this;
    }

    @Override
    public synchronized void acknowledged() {
        pending--;
        if (pending == 0) {
            notifyAll();
        }
    }

    @Override
    public synchronized void failed(Exception cause) {
        if (failure == null) {
            failure = cause;
        }
        notifyAll();
    }

    /**
     * Waits until every record is acknowledged, one failed, or the time is up.
     *
     * @return true when every record was acknowledged
     */
    synchronized boolean await(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (pending > 0 && failure == null) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return failure == null;
    }
}
