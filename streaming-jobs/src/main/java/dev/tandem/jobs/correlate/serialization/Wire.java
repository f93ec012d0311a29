package dev.tandem.jobs.correlate.serialization;

import dev.tandem.ingest.model.Labels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The field encodings the hand-written serializers share. Strings are a length and their UTF-8
 * bytes, moved as one array: Flink's {@code StringValue} writes and reads a character at a time
 * through the view, which was most of a serializer's time. Lengths are unsigned varints; a null
 * string, enum or boxed number has its own code, so every field reads back exactly as written.
 */
final class Wire {
    /** Bounds what a corrupt stream can make us allocate. */
    static final int MAX_LIST = 1 << 16;

    private static final int MAX_STRING_BYTES = 16 << 20;

    private Wire() {}

    /** A string as its UTF-8 length plus one (zero for null), then the bytes. */
    static void writeString(String value, DataOutputView out) throws IOException {
        if (value == null) {
            out.writeByte(0);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeVarint(bytes.length + 1, out);
        out.write(bytes);
    }

    static String readString(DataInputView in) throws IOException {
        int code = readVarint(in);
        if (code == 0) {
            return null;
        }
        int length = code - 1;
        if (length > MAX_STRING_BYTES) {
            throw new IOException("corrupt string length " + length);
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** A non-negative int in 7-bit groups, low first: one byte for the short lengths seen here. */
    static void writeVarint(int value, DataOutputView out) throws IOException {
        int v = value;
        while ((v & ~0x7F) != 0) {
            out.writeByte((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
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
    static int readSize(DataInputView in) throws IOException {
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

    /** Labels as a count and key/value pairs, in key order. */
    static void writeLabels(Labels labels, DataOutputView out) throws IOException {
        Map<String, String> entries = labels.asMap();
        writeVarint(entries.size(), out);
        for (Map.Entry<String, String> label : entries.entrySet()) {
            writeString(label.getKey(), out);
            writeString(label.getValue(), out);
        }
    }

    static Labels readLabels(DataInputView in) throws IOException {
        int size = readSize(in);
        if (size == 0) {
            return Labels.empty();
        }
        TreeMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            map.put(readString(in), readString(in));
        }
        return Labels.of(map);
    }
}
