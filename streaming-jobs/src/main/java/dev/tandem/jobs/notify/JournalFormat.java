package dev.tandem.jobs.notify;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.function.Consumer;
import java.util.zip.CRC32;

/**
 * The bytes of a {@link DeliveryJournal} file: a header line, then one record per delivery:
 *
 * <pre>
 * u16 length, destination name (UTF-8), u16 length, alert id (UTF-8), u32 CRC-32 of those bytes
 * </pre>
 *
 * A crash can only tear the last record (records are appended, never rewritten in place), and a
 * power loss can leave anything at the end; the checksum finds both, and reading keeps the records
 * before the first bad one. Binary and length-prefixed rather than text lines, so no name or id
 * needs escaping.
 */
final class JournalFormat {
    /**
     * The first bytes of every journal: a file without them is not one (or from a later Tandem).
     */
    static final byte[] HEADER = "tandem-notify-journal v1\n".getBytes(StandardCharsets.US_ASCII);

    /**
     * Longest name or id kept, in UTF-8 bytes. Correlate's alert ids are 32 hex digits; a longer
     * one is not an alert it wrote, and such an alert is simply not journaled.
     */
    static final int MAX_FIELD_BYTES = 1024;

    private JournalFormat() {}

    /** What {@link #read} found. */
    record ReadResult(long records, long goodBytes, long fileBytes, String problem) {
        /** True when the whole file was good records. */
        boolean clean() {
            return problem == null;
        }
    }

    /** True when {@code delivery} fits the record layout. */
    static boolean fits(Delivery delivery) {
        return utf8(delivery.destination()).length <= MAX_FIELD_BYTES
                && utf8(delivery.alertId()).length <= MAX_FIELD_BYTES;
    }

    /**
     * The records for {@code deliveries}, ready to append in one write.
     *
     * @throws IllegalArgumentException when one does not {@link #fits fit}
     */
    static ByteBuffer records(Collection<Delivery> deliveries) {
        byte[][] names = new byte[deliveries.size()][];
        byte[][] ids = new byte[deliveries.size()][];
        int size = 0;
        int i = 0;
        for (Delivery delivery : deliveries) {
            names[i] = field(delivery.destination());
            ids[i] = field(delivery.alertId());
            size += 2 + names[i].length + 2 + ids[i].length + 4;
            i++;
        }
        ByteBuffer out = ByteBuffer.allocate(size);
        CRC32 crc = new CRC32();
        for (int k = 0; k < names.length; k++) {
            int start = out.position();
            out.putShort((short) names[k].length).put(names[k]);
            out.putShort((short) ids[k].length).put(ids[k]);
            crc.reset();
            crc.update(out.array(), start, out.position() - start);
            out.putInt((int) crc.getValue());
        }
        return out.flip();
    }

    /**
     * Hands every good record of {@code file} to {@code each}, in file order, and stops at the
     * first bad one: a missing header, a truncated record, an impossible length or a wrong
     * checksum.
     */
    static ReadResult read(Path file, Consumer<Delivery> each) throws IOException {
        long fileBytes = Files.size(file);
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            byte[] header = in.readNBytes(HEADER.length);
            if (!Arrays.equals(header, HEADER)) {
                return new ReadResult(0, 0, fileBytes, "no journal header");
            }
            long good = HEADER.length;
            long records = 0;
            CRC32 crc = new CRC32();
            while (good < fileBytes) {
                Record record;
                try {
                    record = readRecord(in, crc);
                } catch (EOFException e) {
                    return new ReadResult(records, good, fileBytes, "a truncated record");
                }
                if (record == null) {
                    return new ReadResult(records, good, fileBytes, "a damaged record");
                }
                each.accept(record.delivery());
                good += record.bytes();
                records++;
            }
            return new ReadResult(records, good, fileBytes, null);
        }
    }

    private record Record(Delivery delivery, int bytes) {}

    /** The next record, or null when it is damaged. */
    private static Record readRecord(DataInputStream in, CRC32 crc) throws IOException {
        crc.reset();
        byte[] name = readField(in, crc);
        if (name == null) {
            return null;
        }
        byte[] id = readField(in, crc);
        if (id == null) {
            return null;
        }
        int stored = in.readInt();
        if (stored != (int) crc.getValue()) {
            return null;
        }
        return new Record(
                new Delivery(
                        new String(name, StandardCharsets.UTF_8),
                        new String(id, StandardCharsets.UTF_8)),
                2 + name.length + 2 + id.length + 4);
    }

    private static byte[] readField(DataInputStream in, CRC32 crc) throws IOException {
        int length = in.readUnsignedShort();
        if (length > MAX_FIELD_BYTES) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        crc.update(length >>> 8);
        crc.update(length);
        crc.update(bytes);
        return bytes;
    }

    private static byte[] field(String text) {
        byte[] bytes = utf8(text);
        if (bytes.length > MAX_FIELD_BYTES) {
            throw new IllegalArgumentException(
                    "a journal field of "
                            + bytes.length
                            + " bytes (limit "
                            + MAX_FIELD_BYTES
                            + ")");
        }
        return bytes;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
