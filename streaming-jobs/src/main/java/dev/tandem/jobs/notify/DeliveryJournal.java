package dev.tandem.jobs.notify;

import dev.tandem.ingest.io.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which alerts each destination is done with, kept in a small append-only file so that a restart
 * does not post them again. Kafka's committed offset cannot say it: the commit stops at the lowest
 * alert some destination still waits for, so after a crash the notifier reads again alerts that
 * other destinations (or the same one, since the last commit) already accepted.
 *
 * <p>A delivery is written to the file (with {@code write}, no buffer in this process) before it
 * counts as done, so a killed process never forgets one. The file is forced to disk at most once a
 * second ({@link #SYNC_EVERY}): a power loss may forget the last second, which only means those
 * alerts may be sent again. Bounded: the last {@code capacity} deliveries are remembered; the file
 * is rewritten with just those at start and whenever it has grown by {@code capacity} records.
 *
 * <p>A damaged end (a crash or a power loss mid-write) is ignored with a warning, never an error:
 * the notifier then only risks a repeat, never a lost alert.
 */
final class DeliveryJournal implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DeliveryJournal.class);

    /** How often appended records are forced to disk. */
    static final Duration SYNC_EVERY = Duration.ofSeconds(1);

    private static final long WARN_EVERY_NANOS = Duration.ofMinutes(1).toNanos();
    private static final int MAX_NAME_CHARS = 80;

    private final Path file;
    private final int capacity;
    private final LinkedHashMap<Delivery, Boolean> window;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private FileChannel out;
    private long appendedSinceCompaction;
    private boolean dirty;
    private long lastSyncNanos = System.nanoTime();
    private long lastWarnNanos = System.nanoTime() - WARN_EVERY_NANOS;

    private DeliveryJournal(Path file, int capacity, FileChannel lockChannel, FileLock lock) {
        this.file = file;
        this.capacity = capacity;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.window =
                new LinkedHashMap<>(Math.min(capacity, 1 << 16), 0.75f, false) {
                    private static final long serialVersionUID = 1L;

                    @Override
                    protected boolean removeEldestEntry(Map.Entry<Delivery, Boolean> eldest) {
                        return size() > capacity;
                    }
                };
    }

    /** A journal that remembers nothing: without a state folder, today's behaviour. */
    static DeliveryJournal disabled() {
        return new DeliveryJournal(null, 1, null, null);
    }

    /**
     * Opens (or creates) the journal of consumer group {@code groupId} in {@code dir}, reads what
     * it remembers, and rewrites it with the last {@code capacity} deliveries. A damaged file is
     * read up to the damage, with a warning.
     *
     * @throws NotifyConfigException when the folder cannot be created or written, or another
     *     notifier of the same group uses it
     */
    static DeliveryJournal open(Path dir, String groupId, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        String name = fileName(groupId);
        Path file = dir.resolve(name + ".journal");
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(dir);
            lockChannel =
                    FileChannel.open(
                            dir.resolve(name + ".lock"),
                            StandardOpenOption.CREATE,
                            StandardOpenOption.WRITE);
            FileLock lock = tryLock(lockChannel);
            if (lock == null) {
                throw new NotifyConfigException(
                        "state dir "
                                + dir
                                + " is in use by another notifier of group '"
                                + groupId
                                + "'");
            }
            DeliveryJournal journal = new DeliveryJournal(file, capacity, lockChannel, lock);
            journal.load();
            journal.compact();
            return journal;
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw new NotifyConfigException("cannot use state dir " + dir + ": " + describe(e));
        } catch (RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    /** True when this journal keeps deliveries in a file. */
    boolean enabled() {
        return file != null;
    }

    /** True when {@code destination} is done with {@code alertId} (before or since the start). */
    boolean contains(String destination, String alertId) {
        return enabled() && window.containsKey(new Delivery(destination, alertId));
    }

    /** Deliveries remembered now. */
    int size() {
        return window.size();
    }

    /**
     * Remembers that {@code destination} is done with {@code alertIds}: in memory, and written to
     * the file before this returns. A write that fails is logged (throttled) and the notifier goes
     * on: delivering matters more than avoiding a repeat after the next crash.
     */
    void record(String destination, List<String> alertIds) {
        if (!enabled() || alertIds.isEmpty()) {
            return;
        }
        List<Delivery> deliveries = new ArrayList<>(alertIds.size());
        for (String id : alertIds) {
            Delivery delivery = new Delivery(destination, id);
            if (JournalFormat.fits(delivery)) {
                deliveries.add(delivery);
                window.put(delivery, Boolean.TRUE);
            }
        }
        if (deliveries.isEmpty()) {
            return;
        }
        try {
            if (out == null || !out.isOpen()) {
                out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            }
            AtomicFiles.writeFully(out, JournalFormat.records(deliveries));
            dirty = true;
            appendedSinceCompaction += deliveries.size();
            if (appendedSinceCompaction > capacity) {
                compact();
            }
        } catch (IOException e) {
            warnThrottled("cannot write to " + file + " (" + describe(e) + ")");
        }
    }

    /**
     * Forces what was appended to disk when the last force is {@link #SYNC_EVERY} ago. Called by
     * the notifier's loop once a turn.
     */
    void syncIfDue(long nowNanos) {
        if (dirty && nowNanos - lastSyncNanos >= SYNC_EVERY.toNanos()) {
            sync(nowNanos);
        }
    }

    @Override
    public void close() {
        if (!enabled()) {
            return;
        }
        if (dirty) {
            sync(System.nanoTime());
        }
        closeQuietly(out);
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel releases it too.
        }
        closeQuietly(lockChannel);
    }

    private void load() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        JournalFormat.ReadResult result =
                JournalFormat.read(file, d -> window.put(d, Boolean.TRUE));
        if (!result.clean()) {
            LOG.warn(
                    "notify: journal {} ends with {} after {} good records ({} of {} bytes);"
                            + " ignoring the rest: alerts it named may be posted again",
                    file,
                    result.problem(),
                    result.records(),
                    result.goodBytes(),
                    result.fileBytes());
        }
        LOG.info(
                "notify: journal {} remembers {} deliveries (of {} read)",
                file,
                window.size(),
                result.records());
    }

    /**
     * Rewrites the file with the deliveries in memory (the last {@code capacity}): to a new file,
     * forced to disk, then renamed over the old one, so a crash leaves either the old or the new.
     */
    private void compact() throws IOException {
        // Reset first: when the disk is full, the next try waits for another capacity of records
        // instead of rewriting the whole window on every delivery.
        appendedSinceCompaction = 0;
        AtomicFiles.replace(
                file,
                ".next",
                channel -> {
                    AtomicFiles.writeFully(channel, ByteBuffer.wrap(JournalFormat.HEADER));
                    List<Delivery> batch = new ArrayList<>(4096);
                    for (Delivery delivery : window.keySet()) {
                        batch.add(delivery);
                        if (batch.size() == 4096) {
                            AtomicFiles.writeFully(channel, JournalFormat.records(batch));
                            batch.clear();
                        }
                    }
                    AtomicFiles.writeFully(channel, JournalFormat.records(batch));
                });
        closeQuietly(out);
        out = null;
        out = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        dirty = false;
    }

    private void sync(long nowNanos) {
        lastSyncNanos = nowNanos;
        if (out == null) {
            return;
        }
        try {
            out.force(false);
            dirty = false;
        } catch (IOException e) {
            warnThrottled("cannot force " + file + " to disk (" + describe(e) + ")");
        }
    }

    private void warnThrottled(String problem) {
        long now = System.nanoTime();
        if (now - lastWarnNanos >= WARN_EVERY_NANOS) {
            lastWarnNanos = now;
            LOG.warn(
                    "notify: {}; delivery goes on, but a restart may post those alerts again",
                    problem);
        }
    }

    /**
     * The journal's file name for a consumer group: the group id with anything but letters, digits,
     * dots, dashes and underscores replaced, shortened (with a checksum of the full id) when long,
     * so that any group id gives a valid, distinct name.
     */
    static String fileName(String groupId) {
        String safe = groupId.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.length() > MAX_NAME_CHARS || !safe.equals(groupId)) {
            CRC32 crc = new CRC32();
            crc.update(groupId.getBytes(StandardCharsets.UTF_8));
            safe =
                    safe.substring(0, Math.min(safe.length(), MAX_NAME_CHARS))
                            + "-"
                            + Long.toHexString(crc.getValue());
        }
        return "notify-" + safe;
    }

    private static FileLock tryLock(FileChannel channel) throws IOException {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            // This JVM already holds it: another notifier in the same process.
            return null;
        }
    }

    /** Makes the rename durable; some file systems cannot open a folder, which is fine. */
    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing left to save.
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() == null
                ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
