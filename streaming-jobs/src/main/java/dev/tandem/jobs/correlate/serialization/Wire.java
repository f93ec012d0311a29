package dev.tandem.jobs.correlate.serialization;

import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.Labels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The field encodings the hand-written serializers share. Strings are a length and their UTF-8
 * bytes, moved as one array: Flink's {@code StringValue} writes and reads a character at a time
 * through the view, which was most of a serializer's time. Lengths are unsigned varints; a null
 * string, enum or boxed number has its own code, so every field reads back exactly as written.
 *
 * <p>An instance belongs to one serializer instance (one thread): strings go through its scratch
 * array instead of a new one each, and label sets go through two caches of {@link #LABEL_SLOTS}
 * sets, since the same sets (one per workload) arrive with almost every record. Reading, a set is
 * looked up by its encoded bytes before any string or sorted map is built (a hit compares every
 * byte, so it only ever returns an equal set); writing, a set is looked up by identity and its
 * encoding written again. A hash picks a pair of slots, the newer set first: with one slot per
 * hash, a tenth of the lookups missed because two sets shared it. Both caches are made on first
 * use: most instances never carry a label. (A cache of the strings themselves was tried: hashing
 * every string cost more than it saved.)
 *
 * <p>Public for the edge windows' state ({@code WindowAccumulatorSerializer}), which writes its
 * endpoints, names and counts in these same encodings.
 */
public final class Wire {
    /** Bounds what a corrupt stream can make us allocate. */
    static final int MAX_LIST = 1 << 16;

    private static final int MAX_STRING_BYTES = 16 << 20;

    // values() copies its array on every call: once per endpoint read.
    private static final EndpointKind[] ENDPOINT_KINDS = EndpointKind.values();

    /**
     * Label sets each instance remembers, read and written: more than the distinct sets of a large
     * cluster's workloads (a smaller table missed for a third of the benchmark's 1,851 sets).
     */
    private static final int LABEL_SLOTS = 8192;

    /** Label sets up to this many entries are looked up in the cache. */
    private static final int CACHED_LABELS = 16;

    private byte[] scratch = new byte[256];

    /** The label set being read: each string's length code, and all their bytes in a row. */
    private final int[] labelCodes = new int[2 * CACHED_LABELS];

    private byte[] labelBytes = new byte[256];

    /** The read cache, made on first use: a set's length codes, its bytes, the set they read to. */
    private int[][] cachedCodes;

    private byte[][] cachedBytes;
    private Labels[] labels;

    /** The write cache, made on first use: a set (by identity) and its encoding. */
    private Labels[] writtenLabels;

    private byte[][] writtenBytes;
    private DataOutputSerializer labelOut;

    /** A string as its UTF-8 length plus one (zero for null), then the bytes. */
    public void writeString(String value, DataOutputView out) throws IOException {
        if (value == null) {
            out.writeByte(0);
            return;
        }
        // The JDK encodes an ASCII string as a copy of its own bytes, checked by a vector
        // instruction: faster than a character loop into a scratch array, despite the new array.
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeVarint(bytes.length + 1, out);
        out.write(bytes);
    }

    public String readString(DataInputView in) throws IOException {
        int code = readVarint(in);
        if (code == 0) {
            return null;
        }
        int length = code - 1;
        if (length > MAX_STRING_BYTES) {
            throw new IOException("corrupt string length " + length);
        }
        byte[] buffer = scratch(length);
        in.readFully(buffer, 0, length);
        return new String(buffer, 0, length, StandardCharsets.UTF_8);
    }

    /**
     * Labels as a count and key/value pairs, in key order. The decoders mostly hand out one
     * instance per distinct set (they cache them too), so a set written before is found by identity
     * and its bytes written again in one call (walking the sorted map and encoding its strings was
     * most of writing an endpoint). Labels are immutable, so the bytes stay right.
     */
    public void writeLabels(Labels value, DataOutputView out) throws IOException {
        if (value.isEmpty()) {
            out.writeByte(0);
            return;
        }
        if (writtenLabels == null) {
            writtenLabels = new Labels[LABEL_SLOTS];
            writtenBytes = new byte[LABEL_SLOTS][];
            labelOut = new DataOutputSerializer(256);
        }
        int slot = System.identityHashCode(value) & (LABEL_SLOTS - 2);
        if (writtenLabels[slot] != value) {
            if (writtenLabels[slot + 1] == value) {
                out.write(writtenBytes[slot + 1]);
                return;
            }
            writtenLabels[slot + 1] = writtenLabels[slot];
            writtenBytes[slot + 1] = writtenBytes[slot];
            labelOut.clear();
            encodeLabels(value, labelOut);
            writtenBytes[slot] = labelOut.getCopyOfBuffer();
            writtenLabels[slot] = value;
        }
        out.write(writtenBytes[slot]);
    }

    private void encodeLabels(Labels value, DataOutputView out) throws IOException {
        Map<String, String> entries = value.asMap();
        writeVarint(entries.size(), out);
        for (Map.Entry<String, String> label : entries.entrySet()) {
            writeString(label.getKey(), out);
            writeString(label.getValue(), out);
        }
    }

    /**
     * Labels as {@link #writeLabels} wrote them. A set of up to {@link #CACHED_LABELS} entries is
     * read as bytes and looked up by them: when the slot holds the same bytes, its set is returned
     * without building a string (reading the strings of the same few sets again and again was most
     * of reading an endpoint).
     */
    public Labels readLabels(DataInputView in) throws IOException {
        int size = readSize(in);
        if (size == 0) {
            return Labels.empty();
        }
        if (size > CACHED_LABELS) {
            TreeMap<String, String> map = new TreeMap<>();
            for (int i = 0; i < size; i++) {
                String key = readString(in);
                if (key == null) {
                    throw new IOException("corrupt labels: a null key");
                }
                map.put(key, readString(in));
            }
            return Labels.of(map);
        }
        int strings = 2 * size;
        int used = 0;
        int hash = size;
        for (int i = 0; i < strings; i++) {
            int code = readVarint(in);
            int length = code == 0 ? 0 : code - 1;
            if (length > MAX_STRING_BYTES - used) {
                throw new IOException("corrupt label length " + length);
            }
            if (labelBytes.length < used + length) {
                labelBytes =
                        Arrays.copyOf(labelBytes, Math.max(used + length, 2 * labelBytes.length));
            }
            in.readFully(labelBytes, used, length);
            labelCodes[i] = code;
            hash = 31 * hash + code;
            used += length;
        }
        byte[] bytes = labelBytes;
        for (int i = 0; i < used; i++) {
            hash = 31 * hash + bytes[i];
        }
        if (cachedCodes == null) {
            cachedCodes = new int[LABEL_SLOTS][];
            cachedBytes = new byte[LABEL_SLOTS][];
            labels = new Labels[LABEL_SLOTS];
        }
        int slot = (hash ^ (hash >>> 16)) & (LABEL_SLOTS - 2);
        if (cached(slot, strings, used)) {
            return labels[slot];
        }
        if (cached(slot + 1, strings, used)) {
            return labels[slot + 1];
        }
        TreeMap<String, String> map = new TreeMap<>();
        int offset = 0;
        for (int i = 0; i < strings; i += 2) {
            if (labelCodes[i] == 0) {
                throw new IOException("corrupt labels: a null key");
            }
            String key = labelString(labelCodes[i], offset);
            offset += labelCodes[i] - 1;
            String value = labelString(labelCodes[i + 1], offset);
            offset += labelCodes[i + 1] == 0 ? 0 : labelCodes[i + 1] - 1;
            map.put(key, value);
        }
        Labels value = Labels.of(map);
        cachedCodes[slot + 1] = cachedCodes[slot];
        cachedBytes[slot + 1] = cachedBytes[slot];
        labels[slot + 1] = labels[slot];
        cachedCodes[slot] = Arrays.copyOf(labelCodes, strings);
        cachedBytes[slot] = Arrays.copyOf(bytes, used);
        labels[slot] = value;
        return value;
    }

    /** Whether the cache's {@code slot} holds the label set just read into the scratch arrays. */
    private boolean cached(int slot, int strings, int used) {
        int[] codes = cachedCodes[slot];
        byte[] known = cachedBytes[slot];
        return codes != null
                && Arrays.equals(codes, 0, codes.length, labelCodes, 0, strings)
                && Arrays.equals(known, 0, known.length, labelBytes, 0, used);
    }

    private String labelString(int code, int offset) {
        return code == 0 ? null : new String(labelBytes, offset, code - 1, StandardCharsets.UTF_8);
    }

    /** An endpoint: namespace, workload, kind, labels, meshed, service account. */
    public void writeEndpoint(EndpointRef ref, DataOutputView out) throws IOException {
        writeString(ref.namespace(), out);
        writeString(ref.workload(), out);
        writeEnum(ref.kind(), out);
        writeLabels(ref.labels(), out);
        out.writeBoolean(ref.meshed());
        writeString(ref.serviceAccount(), out);
    }

    public EndpointRef readEndpoint(DataInputView in) throws IOException {
        String namespace = readString(in);
        String workload = readString(in);
        EndpointKind kind = readEnum(ENDPOINT_KINDS, in);
        Labels labels = readLabels(in);
        boolean meshed = in.readBoolean();
        return new EndpointRef(namespace, workload, kind, labels, meshed, readString(in));
    }

    /** Strings as a count and each string, in the collection's order. */
    public void writeStrings(Collection<String> values, DataOutputView out) throws IOException {
        writeVarint(values.size(), out);
        for (String value : values) {
            writeString(value, out);
        }
    }

    /** Adds the strings {@link #writeStrings} wrote to {@code into}, and returns it. */
    public <C extends Collection<String>> C readStrings(C into, DataInputView in)
            throws IOException {
        int size = readSize(in);
        for (int i = 0; i < size; i++) {
            into.add(readString(in));
        }
        return into;
    }

    private byte[] scratch(int length) {
        if (scratch.length < length) {
            scratch = new byte[Math.max(length, 2 * scratch.length)];
        }
        return scratch;
    }

    /** A non-negative int in 7-bit groups, low first: one byte for the short lengths seen here. */
    public static void writeVarint(int value, DataOutputView out) throws IOException {
        int v = value;
        while ((v & ~0x7F) != 0) {
            out.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    /** A non-negative long (a count) in 7-bit groups, low first. */
    public static void writeVarlong(long value, DataOutputView out) throws IOException {
        long v = value;
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    public static long readVarlong(DataInputView in) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("corrupt varlong");
    }

    static int readVarint(DataInputView in) throws IOException {
        int value = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (value < 0) {
                    throw new IOException("corrupt varint");
                }
                return value;
            }
        }
        throw new IOException("corrupt varint");
    }

    /** A list or map size, checked against {@link #MAX_LIST}. */
    public static int readSize(DataInputView in) throws IOException {
        int size = readVarint(in);
        if (size > MAX_LIST) {
            throw new IOException("corrupt length " + size);
        }
        return size;
    }

    /** An enum as its ordinal plus one; zero is null. */
    static void writeEnum(Enum<?> value, DataOutputView out) throws IOException {
        out.writeByte(value == null ? 0 : value.ordinal() + 1);
    }

    static <E extends Enum<E>> E readEnum(E[] values, DataInputView in) throws IOException {
        int code = in.readUnsignedByte();
        if (code > values.length) {
            throw new IOException("no constant " + (code - 1) + " in " + values[0].getClass());
        }
        return code == 0 ? null : values[code - 1];
    }

    static void writeInstant(Instant at, DataOutputView out) throws IOException {
        out.writeLong(at.getEpochSecond());
        out.writeInt(at.getNano());
    }

    static Instant readInstant(DataInputView in) throws IOException {
        long seconds = in.readLong();
        return Instant.ofEpochSecond(seconds, in.readInt());
    }

    /** A nullable instant: a presence flag, then the instant. */
    static void writeNullableInstant(Instant at, DataOutputView out) throws IOException {
        out.writeBoolean(at != null);
        if (at != null) {
            writeInstant(at, out);
        }
    }

    static Instant readNullableInstant(DataInputView in) throws IOException {
        return in.readBoolean() ? readInstant(in) : null;
    }

    static void writeNullableInt(Integer value, DataOutputView out) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeInt(value);
        }
    }

    static Integer readNullableInt(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readInt() : null;
    }

    static void writeNullableLong(Long value, DataOutputView out) throws IOException {
        out.writeBoolean(value != null);
        if (value != null) {
            out.writeLong(value);
        }
    }

    static Long readNullableLong(DataInputView in) throws IOException {
        return in.readBoolean() ? in.readLong() : null;
    }
}
