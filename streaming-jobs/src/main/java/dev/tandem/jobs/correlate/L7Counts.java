package dev.tandem.jobs.correlate;

import dev.tandem.ingest.model.ProxyRequest;
import dev.tandem.jobs.correlate.serialization.Wire;
import java.io.IOException;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * HTTP methods, paths (query dropped) and response codes of the requests one side's sidecar logged,
 * each map bounded at {@link WindowAccumulator#MAX_ENTRIES} names plus {@link
 * WindowAccumulator#OTHER}.
 */
final class L7Counts {
    private final TreeMap<String, Long> methods = new TreeMap<>();
    private final TreeMap<String, Long> paths = new TreeMap<>();
    private final TreeMap<Integer, Long> responseCodes = new TreeMap<>();

    void add(ProxyRequest request) {
        if (request.method() != null) {
            count(methods, request.method());
        }
        if (request.path() != null) {
            int query = request.path().indexOf('?');
            count(paths, query < 0 ? request.path() : request.path().substring(0, query));
        }
        if (request.responseCode() > 0
                && (responseCodes.size() < WindowAccumulator.MAX_ENTRIES
                        || responseCodes.containsKey(request.responseCode()))) {
            responseCodes.merge(request.responseCode(), 1L, Long::sum);
        }
    }

    SortedMap<String, Long> methods() {
        return methods;
    }

    SortedMap<String, Long> paths() {
        return paths;
    }

    SortedMap<Integer, Long> responseCodes() {
        return responseCodes;
    }

    /** Writes the three maps, for {@link WindowAccumulator#writeTo}. */
    void writeTo(Wire wire, DataOutputView out) throws IOException {
        writeCounts(wire, methods, out);
        writeCounts(wire, paths, out);
        Wire.writeVarint(responseCodes.size(), out);
        for (Map.Entry<Integer, Long> code : responseCodes.entrySet()) {
            out.writeInt(code.getKey());
            Wire.writeVarlong(code.getValue(), out);
        }
    }

    /** Reads what {@link #writeTo} wrote into this empty instance. */
    void readFrom(Wire wire, DataInputView in) throws IOException {
        readCounts(wire, methods, in);
        readCounts(wire, paths, in);
        int codes = Wire.readSize(in);
        for (int i = 0; i < codes; i++) {
            responseCodes.put(in.readInt(), Wire.readVarlong(in));
        }
    }

    private static void writeCounts(Wire wire, SortedMap<String, Long> counts, DataOutputView out)
            throws IOException {
        Wire.writeVarint(counts.size(), out);
        for (Map.Entry<String, Long> entry : counts.entrySet()) {
            wire.writeString(entry.getKey(), out);
            Wire.writeVarlong(entry.getValue(), out);
        }
    }

    private static void readCounts(Wire wire, TreeMap<String, Long> into, DataInputView in)
            throws IOException {
        int size = Wire.readSize(in);
        for (int i = 0; i < size; i++) {
            into.put(wire.readString(in), Wire.readVarlong(in));
        }
    }

    private static void count(SortedMap<String, Long> counts, String key) {
        String bounded =
                counts.size() < WindowAccumulator.MAX_ENTRIES || counts.containsKey(key)
                        ? key
                        : WindowAccumulator.OTHER;
        counts.merge(bounded, 1L, Long::sum);
    }
}
