package dev.tandem.jobs.correlate.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import dev.tandem.ingest.model.Labels;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/** Writes {@link Labels} as a count and key/value strings; they are immutable, so never copied. */
public final class LabelsKryoSerializer extends Serializer<Labels> implements Serializable {
    private static final long serialVersionUID = 1L;

    public LabelsKryoSerializer() {
        setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, Labels labels) {
        output.writeVarInt(labels.size(), true);
        for (Map.Entry<String, String> e : labels.asMap().entrySet()) {
            output.writeString(e.getKey());
            output.writeString(e.getValue());
        }
    }

    @Override
    public Labels read(Kryo kryo, Input input, Class<? extends Labels> type) {
        int size = input.readVarInt(true);
        TreeMap<String, String> map = new TreeMap<>();
        for (int i = 0; i < size; i++) {
            map.put(input.readString(), input.readString());
        }
        return Labels.of(map);
    }
}
