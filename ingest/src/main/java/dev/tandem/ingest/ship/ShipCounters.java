package dev.tandem.ingest.ship;

import java.util.concurrent.atomic.LongAdder;

/** What the shipper has read and where it went, for progress lines and tests. Thread-safe. */
public final class ShipCounters {
    final LongAdder flows = new LongAdder();
    final LongAdder proxy = new LongAdder();
    final LongAdder deadLetters = new LongAdder();
    final LongAdder blank = new LongAdder();

    /**
     * Lines read, blank ones included. Every line ends up in exactly one of the other counts, so
     * they are summed rather than counted again: one atomic add less per line.
     */
    public long lines() {
        return flows.sum() + proxy.sum() + deadLetters.sum() + blank.sum();
    }

    /** Lines sent to the flows topic. */
    public long flows() {
        return flows.sum();
    }

    /** Lines sent to the proxy topic. */
    public long proxy() {
        return proxy.sum();
    }

    /** Dead letters sent. */
    public long deadLetters() {
        return deadLetters.sum();
    }

    /** Blank lines skipped. */
    public long blank() {
        return blank.sum();
    }
}
