package dev.tandem.jobs.correlate.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.Serializable;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Read-only sorted maps of the canonical records (counts by method, path, status), always in
 * natural key order.
 */
public final class ReadOnlySortedMapKryoSerializer extends Serializer<SortedMap<Object, Object>>
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public ReadOnlySortedMapKryoSerializer() {
        setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, SortedMap<Object, Object> map) {
        output.writeVarInt(map.size(), true);
        for (Map.Entry<Object, Object> e : map.entrySet()) {
            kryo.writeClassAndObject(output, e.getKey());
            kryo.writeClassAndObject(output, e.getValue());
        }
    }

    @Override
    public SortedMap<Object, Object> read(
            Kryo kryo, Input input, Class<? extends SortedMap<Object, Object>> type) {
        int size = input.readVarInt(true);
        TreeMap<Object, Object> map = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            map.put(kryo.readClassAndObject(input), kryo.readClassAndObject(input));
        }
        return Collections.unmodifiableSortedMap(map);
    }
}
