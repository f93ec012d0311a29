package dev.tandem.ingest.ship;

import dev.tandem.ingest.decode.DecoderLimits;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ships one file: from its saved offset (when the saved identity still matches) to its end, and,
 * when following, on as it grows, across rotation (the path now names a new file: the old one is
 * read to its end first) and truncation ({@code copytruncate}: reading restarts at 0), as Fluent
 * Bit's tail input does.
 *
 * <p>The offset is saved only up to the last line below which Kafka acknowledged everything, at
 * most every {@link #SAVE_EVERY} and when the file is done. An unterminated last line is held back
 * while following (it is probably being written) and shipped at the end of a one-shot read or when
 * the file is rotated away.
 *
 * <p>Dead letter positions are line numbers counted from where this run started reading.
 */
final class FileShipper {
    private static final Logger LOG = LoggerFactory.getLogger(FileShipper.class);
    static final Duration SAVE_EVERY = Duration.ofMillis(200);
    static final Duration POLL = Duration.ofMillis(100);

    private final Path path;
    private final boolean follow;
    private final LineShipper lines;
    private final OffsetStore offsets;
    private final ByteBuffer buffer = ByteBuffer.allocate(256 * 1024);
    private final LineFramer.LineSink sink = this::line;

    private FileChannel channel;
    private FileIdentity identity;
    private LineFramer framer;
    private AckTracker tracker;
    private long lineNumber;
    private long savedOffset = -1;
    private long lastSaveNanos;
    private volatile long readOffset;
    private volatile long fileSize;

    /**
     * @param offsets where offsets are saved, or null to start at 0 and save nothing
     */
    FileShipper(Path path, boolean follow, LineShipper lines, OffsetStore offsets) {
        this.path = path;
        this.follow = follow;
        this.lines = lines;
        this.offsets = offsets;
    }

    /**
     * Ships until the end of the file (every line acknowledged and the offset saved), or, when
     * following, until interrupted.
     */
    void run() throws IOException, InterruptedException {
        try {
            open(true);
            while (true) {
                buffer.clear();
                int n = channel.read(buffer);
                if (n > 0) {
                    framer.feed(buffer.array(), 0, n, sink);
                    tracker.seal();
                    readOffset += n;
                    saveIfDue(false);
                    continue;
                }
                if (!follow) {
                    framer.flushPartial(sink);
                    finishFile();
                    return;
                }
                saveIfDue(false);
                fileSize = channel.size();
                if (!followOnce()) {
                    Thread.sleep(POLL.toMillis());
                }
            }
        } finally {
            if (channel != null) {
                channel.close();
            }
        }
    }

    /** Bytes of the file not yet acknowledged by Kafka. */
    long lag() {
        AckTracker t = tracker;
        return t == null ? 0 : Math.max(0, Math.max(fileSize, readOffset) - t.committedOffset());
    }

    /**
     * At the end of the data: handles truncation and rotation. Returns true when it switched to new
     * data, so reading should go on at once.
     */
    private boolean followOnce() throws IOException, InterruptedException {
        if (channel.size() < readOffset) {
            LOG.info("{} was truncated; reading it again from the start", path);
            finishFile();
            resetTo(0);
            return true;
        }
        String current = FileIdentity.currentKey(path);
        if (current != null && !current.equals(identity.fileKey())) {
            // Rotated: the old file is already read to its end (this is only called at its end).
            LOG.info("{} was rotated; reading the new file from the start", path);
            framer.flushPartial(sink);
            finishFile();
            channel.close();
            channel = null;
            open(false);
            return true;
        }
        return false;
    }

    private void open(boolean resume) throws IOException {
        channel = FileChannel.open(path, StandardOpenOption.READ);
        identity = FileIdentity.of(path, channel);
        long start = 0;
        if (resume && offsets != null) {
            Optional<OffsetStore.Saved> saved = offsets.load(path);
            if (saved.isPresent()) {
                OffsetStore.Saved s = saved.get();
                if (s.identity().matches(identity.fileKey(), channel)
                        && s.offset() <= channel.size()) {
                    start = s.offset();
                    LOG.info("{}: resuming at byte {} (saved offset)", path, start);
                } else {
                    LOG.info("{}: the saved offset belongs to another file; starting at 0", path);
                }
            }
        }
        resetTo(start);
    }

    private void resetTo(long start) throws IOException {
        channel.position(start);
        readOffset = start;
        framer = new LineFramer(DecoderLimits.MAX_RECORD_BYTES, start);
        tracker = new AckTracker(start);
        savedOffset = -1;
        saveIfDue(true);
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

    /** Waits for every line of the current file to be acknowledged, then saves its offset. */
    private void finishFile() throws IOException, InterruptedException {
        // Nothing more of this file is coming: send the producer's open batches now rather than
        // after linger.ms.
        lines.flush();
        tracker.awaitAll();
        failIfRefused();
        saveIfDue(true);
    }

    private void saveIfDue(boolean now) throws IOException {
        failIfRefused();
        if (offsets == null) {
            return;
        }
        long nowNanos = System.nanoTime();
        if (!now && nowNanos - lastSaveNanos < SAVE_EVERY.toNanos()) {
            return;
        }
        long committed = tracker.committedOffset();
        if (committed == savedOffset) {
            return;
        }
        identity = identity.refreshed(channel);
        offsets.save(path, identity, committed);
        savedOffset = committed;
        lastSaveNanos = nowNanos;
    }

    private void failIfRefused() {
        Exception failure = tracker.failure();
        if (failure != null) {
            throw new ShipException(
                    "Kafka refused a record of " + path + "; offset kept before it", failure);
        }
    }
}
