package dev.tandem.ingest.ship;

import dev.tandem.ingest.decode.DecoderLimits;
import java.io.IOException;
import java.io.InputStream;

/**
 * Ships a stream that cannot be reopened (standard input): to its end, then waits until Kafka
 * acknowledged every line. Nothing is saved: a restart cannot seek back into a pipe.
 */
final class StreamShipper {
    private final InputStream in;
    private final LineShipper lines;
    private final AckTracker tracker = new AckTracker(0);
    private long lineNumber;

    StreamShipper(InputStream in, LineShipper lines) {
        this.in = in;
        this.lines = lines;
    }

    void run() throws IOException, InterruptedException {
        LineFramer framer = new LineFramer(DecoderLimits.MAX_RECORD_BYTES, 0);
        byte[] chunk = new byte[64 * 1024];
        LineFramer.LineSink sink = this::line;
        for (int n = in.read(chunk); n >= 0; n = in.read(chunk)) {
            framer.feed(chunk, 0, n, sink);
            tracker.seal();
        }
        framer.flushPartial(sink);
        tracker.awaitAll();
        Exception failure = tracker.failure();
        if (failure != null) {
            throw new ShipException("Kafka refused a record of standard input", failure);
        }
    }

    private void line(
            byte[] bytes,
            int offset,
            int length,
            long fullLength,
            long endOffset,
            boolean containsNul)
            throws InterruptedException {
        lineNumber++;
        Route route = lines.route(bytes, offset, length, containsNul);
        if (route.isBlank()) {
            tracker.skip(endOffset);
            return;
        }
        lines.publish(
                route, bytes, offset, length, fullLength, lineNumber, tracker.register(endOffset));
    }
}
