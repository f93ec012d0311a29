package dev.tandem.ingest.ship;

import java.util.concurrent.atomic.LongAdder;

/** What the shipper has read and where it went, for progress lines and tests. Thread-safe. */
public final class ShipCounters {
    final LongAdder lines = new LongAdder();
    final LongAdder flows = new LongAdder();
    final LongAdder proxy = new LongAdder();
    final LongAdder deadLetters = new LongAdder();
    final LongAdder blank = new LongAdder();

    /** Lines read, blank ones included. */
    public long lines() {
        return lines.sum();
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
