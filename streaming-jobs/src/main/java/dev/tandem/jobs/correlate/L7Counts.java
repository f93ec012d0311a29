package dev.tandem.jobs.correlate;

import dev.tandem.ingest.model.ProxyRequest;
import java.util.SortedMap;
import java.util.TreeMap;

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

    private static void count(SortedMap<String, Long> counts, String key) {
        String bounded =
                counts.size() < WindowAccumulator.MAX_ENTRIES || counts.containsKey(key)
                        ? key
                        : WindowAccumulator.OTHER;
        counts.merge(bounded, 1L, Long::sum);
    }
}
