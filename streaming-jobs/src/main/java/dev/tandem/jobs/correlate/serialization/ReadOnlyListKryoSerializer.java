package dev.tandem.jobs.correlate.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Read-only lists of the canonical records. Their elements are immutable records and strings, so a
 * copy can share the list.
 */
public final class ReadOnlyListKryoSerializer extends Serializer<List<Object>>
        implements Serializable {
    private static final long serialVersionUID = 1L;

    public ReadOnlyListKryoSerializer() {
        setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, List<Object> list) {
        output.writeVarInt(list.size(), true);
        for (Object element : list) {
            kryo.writeClassAndObject(output, element);
        }
    }

    @Override
    public List<Object> read(Kryo kryo, Input input, Class<? extends List<Object>> type) {
        int size = input.readVarInt(true);
        List<Object> list = new ArrayList<>(size);
        for (int i = 0; i < size; i++) {
            list.add(kryo.readClassAndObject(input));
        }
        return Collections.unmodifiableList(list);
    }
}
