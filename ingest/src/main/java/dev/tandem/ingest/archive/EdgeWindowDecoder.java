package dev.tandem.ingest.archive;

import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.EndpointKind;
import dev.tandem.ingest.model.EndpointRef;
import dev.tandem.ingest.model.KernelEvidence;
import dev.tandem.ingest.model.Labels;
import dev.tandem.ingest.model.ProxyEvidence;
import dev.tandem.ingest.model.Verdict;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/**
 * Turns archive records into {@link EdgeWindow}s, one scan's worth. Two things make it cheaper than
 * decoding each record on its own:
 *
 * <ul>
 *   <li>fields are read by position, resolved once per schema, instead of a name lookup per field
 *       per record;
 *   <li>an endpoint is decoded once: the same workloads appear in window after window, so the raw
 *       values of an endpoint (Avro text as the reader handed it back, the raw label map) key a
 *       cache of the finished {@link EndpointRef}, which skips the text decoding, the two label map
 *       copies and the record per window.
 * </ul>
 *
 * <p>Not thread-safe: one decoder per scan. The cache keeps references to the reader's values;
 * Parquet hands out fresh maps per record and shares dictionary text, neither is changed after.
 */
final class EdgeWindowDecoder {
    /**
     * Workload names remembered. Enough for the distinct endpoints of a large cluster; when an
     * archive has more, the cache starts over rather than grow.
     */
    static final int MAX_CACHED_ENDPOINTS = 1 << 16;

    private static final String[] FIELDS = {
        "source_namespace",
        "source_workload",
        "source_kind",
        "source_labels",
        "source_meshed",
        "source_service_account",
        "destination_namespace",
        "destination_workload",
        "destination_kind",
        "destination_labels",
        "destination_meshed",
        "destination_service_account",
        "port",
        "protocol",
        "window_start",
        "window_end",
        "kernel_source_reported_flows",
        "kernel_destination_reported_flows",
        "kernel_connections_started",
        "kernel_bytes",
        "kernel_packets",
        "kernel_allowed_flows",
        "kernel_denied_flows",
        "kernel_process_names",
        "kernel_policies",
        "proxy_outbound_requests",
        "proxy_inbound_requests",
        "proxy_mutual_tls_requests",
        "proxy_plaintext_requests",
        "proxy_methods",
        "proxy_paths",
        "proxy_response_codes",
        "proxy_peer_principals",
        "proxy_authorities",
        "verdict",
        "confidence",
        "reason"
    };

    // Indexes into FIELDS, in its order.
    private static final int SOURCE = 0;
    private static final int DESTINATION = 6;
    private static final int NAMESPACE = 0;
    private static final int WORKLOAD = 1;
    private static final int KIND = 2;
    private static final int LABELS = 3;
    private static final int MESHED = 4;
    private static final int SERVICE_ACCOUNT = 5;
    private static final int PORT = 12;
    private static final int PROTOCOL = 13;
    private static final int WINDOW_START = 14;
    private static final int WINDOW_END = 15;
    private static final int KERNEL = 16;
    private static final int KERNEL_PROCESS_NAMES = 23;
    private static final int KERNEL_POLICIES = 24;
    private static final int PROXY = 25;
    private static final int PROXY_METHODS = 29;
    private static final int PROXY_PATHS = 30;
    private static final int PROXY_RESPONSE_CODES = 31;
    private static final int PROXY_PEER_PRINCIPALS = 32;
    private static final int PROXY_AUTHORITIES = 33;
    private static final int VERDICT = 34;
    private static final int CONFIDENCE = 35;
    private static final int REASON = 36;

    /** Variants remembered per workload name: the same name as source and as destination, say. */
    private static final int VARIANTS = 4;

    /** An endpoint decoded before, with the raw values it was decoded from. */
    private record Known(
            Object namespace,
            Object kind,
            Map<?, ?> labels,
            Object meshed,
            Object serviceAccount,
            EndpointRef ref) {}

    /**
     * Endpoints by their raw workload name, most recent variant first. Keyed by the name alone so a
     * lookup hashes one short text; the other values are compared only against the few variants of
     * that name.
     */
    private final Map<Object, Known[]> endpoints = new HashMap<>();

    private final Map<Object, String> protocols = new HashMap<>();
    private Schema schema;
    private int[] positions;

    /**
     * The edge window in {@code r}.
     *
     * @throws IllegalArgumentException when a value does not fit the model (unknown verdict or
     *     kind, a non-numeric response code, a missing required field)
     */
    EdgeWindow decode(GenericRecord r) {
        int[] at = positionsFor(r.getSchema());
        KernelEvidence kernel =
                new KernelEvidence(
                        longOf(r, at, KERNEL),
                        longOf(r, at, KERNEL + 1),
                        longOf(r, at, KERNEL + 2),
                        longOf(r, at, KERNEL + 3),
                        longOf(r, at, KERNEL + 4),
                        longOf(r, at, KERNEL + 5),
                        longOf(r, at, KERNEL + 6),
                        stringList(get(r, at, KERNEL_PROCESS_NAMES)),
                        stringList(get(r, at, KERNEL_POLICIES)));
        ProxyEvidence proxy =
                new ProxyEvidence(
                        longOf(r, at, PROXY),
                        longOf(r, at, PROXY + 1),
                        longOf(r, at, PROXY + 2),
                        longOf(r, at, PROXY + 3),
                        countMap(get(r, at, PROXY_METHODS), Function.identity()),
                        countMap(get(r, at, PROXY_PATHS), Function.identity()),
                        countMap(get(r, at, PROXY_RESPONSE_CODES), EdgeWindowDecoder::responseCode),
                        stringList(get(r, at, PROXY_PEER_PRINCIPALS)),
                        stringList(get(r, at, PROXY_AUTHORITIES)));
        return new EdgeWindow(
                endpoint(r, at, SOURCE),
                endpoint(r, at, DESTINATION),
                ((Number) required(r, at, PORT)).intValue(),
                protocol(required(r, at, PROTOCOL)),
                Instant.ofEpochMilli(longOf(r, at, WINDOW_START)),
                Instant.ofEpochMilli(longOf(r, at, WINDOW_END)),
                kernel,
                proxy,
                Verdict.valueOf(text(required(r, at, VERDICT))),
                ((Number) required(r, at, CONFIDENCE)).doubleValue(),
                text(get(r, at, REASON)));
    }

    /** Field positions of {@code s} in {@link #FIELDS} order, -1 where the schema lacks one. */
    private int[] positionsFor(Schema s) {
        if (s != schema) {
            int[] found = new int[FIELDS.length];
            for (int i = 0; i < FIELDS.length; i++) {
                Schema.Field field = s.getField(FIELDS[i]);
                found[i] = field == null ? -1 : field.pos();
            }
            positions = found;
            schema = s;
        }
        return positions;
    }

    private EndpointRef endpoint(GenericRecord r, int[] at, int side) {
        Object namespace = get(r, at, side + NAMESPACE);
        Object workload = required(r, at, side + WORKLOAD);
        Object kind = required(r, at, side + KIND);
        Map<?, ?> labels = (Map<?, ?>) get(r, at, side + LABELS);
        Object meshed = required(r, at, side + MESHED);
        Object serviceAccount = get(r, at, side + SERVICE_ACCOUNT);
        Known[] variants = endpoints.get(workload);
        if (variants != null) {
            for (Known k : variants) {
                if (k != null
                        && Objects.equals(k.namespace, namespace)
                        && k.kind.equals(kind)
                        && k.meshed.equals(meshed)
                        && Objects.equals(k.serviceAccount, serviceAccount)
                        && sameEntries(k.labels, labels)) {
                    return k.ref;
                }
            }
        }
        TreeMap<String, String> sorted = new TreeMap<>();
        if (labels != null) {
            labels.forEach((k, v) -> sorted.put(k.toString(), text(v)));
        }
        EndpointRef ref =
                new EndpointRef(
                        text(namespace),
                        text(workload),
                        EndpointKind.valueOf(text(kind).toUpperCase(Locale.ROOT)),
                        Labels.of(sorted),
                        Boolean.TRUE.equals(meshed),
                        text(serviceAccount));
        if (variants == null) {
            if (endpoints.size() >= MAX_CACHED_ENDPOINTS) {
                endpoints.clear();
            }
            variants = new Known[VARIANTS];
            endpoints.put(workload, variants);
        }
        System.arraycopy(variants, 0, variants, 1, VARIANTS - 1);
        variants[0] = new Known(namespace, kind, labels, meshed, serviceAccount, ref);
        return ref;
    }

    /**
     * True when both maps hold the same entries in the same iteration order. The reader fills each
     * label map in the order it was written (sorted), so equal labels iterate alike; a map that
     * iterates otherwise only costs a fresh decode. Cheaper than {@link Map#equals}, which looks up
     * every key in the other map.
     */
    private static boolean sameEntries(Map<?, ?> a, Map<?, ?> b) {
        if (a == b) {
            return true;
        }
        if (a == null || b == null || a.size() != b.size()) {
            return false;
        }
        Iterator<? extends Map.Entry<?, ?>> ia = a.entrySet().iterator();
        Iterator<? extends Map.Entry<?, ?>> ib = b.entrySet().iterator();
        while (ia.hasNext()) {
            Map.Entry<?, ?> ea = ia.next();
            Map.Entry<?, ?> eb = ib.next();
            if (!ea.getKey().equals(eb.getKey()) || !Objects.equals(ea.getValue(), eb.getValue())) {
                return false;
            }
        }
        return true;
    }

    /** One String per distinct protocol, not one per window. */
    private String protocol(Object raw) {
        String known = protocols.get(raw);
        if (known == null) {
            known = raw.toString();
            // A handful in practice (tcp, udp, sctp); the bound only guards odd archives.
            if (protocols.size() < 64) {
                protocols.put(raw, known);
            }
        }
        return known;
    }

    private static Integer responseCode(String key) {
        try {
            return Integer.valueOf(key);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("response code is not a number: " + key, e);
        }
    }

    private static <K> SortedMap<K, Long> countMap(Object raw, Function<String, K> key) {
        if (raw == null || ((Map<?, ?>) raw).isEmpty()) {
            return null;
        }
        TreeMap<K, Long> map = new TreeMap<>();
        ((Map<?, ?>) raw)
                .forEach((k, v) -> map.put(key.apply(k.toString()), ((Number) v).longValue()));
        return map;
    }

    private static List<String> stringList(Object raw) {
        if (raw == null) {
            return List.of();
        }
        Collection<?> items = (Collection<?>) raw;
        if (items.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>(items.size());
        for (Object item : items) {
            out.add(item.toString());
        }
        return out;
    }

    private static Object get(GenericRecord r, int[] at, int field) {
        int pos = at[field];
        return pos < 0 ? null : r.get(pos);
    }

    private static long longOf(GenericRecord r, int[] at, int field) {
        return ((Number) required(r, at, field)).longValue();
    }

    private static Object required(GenericRecord r, int[] at, int field) {
        Object value = get(r, at, field);
        if (value == null) {
            throw new IllegalArgumentException("archive record has no value for " + FIELDS[field]);
        }
        return value;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
