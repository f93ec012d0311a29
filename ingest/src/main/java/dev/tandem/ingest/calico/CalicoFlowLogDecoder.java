package dev.tandem.ingest.calico;

import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.decode.Decoder;
import dev.tandem.ingest.decode.FlowJson;
import dev.tandem.ingest.decode.JsonRecords;
import dev.tandem.ingest.decode.ValueCache;
import dev.tandem.ingest.model.KernelFlow;
import dev.tandem.ingest.model.PolicyHit;
import java.util.List;

/**
 * Decodes one line of a Calico Enterprise / Cloud flow log ({@code
 * /var/log/calico/flowlogs/flows.log}, or the same documents exported from Elasticsearch) into a
 * {@link KernelFlow}.
 *
 * <p>Choices where the format is loose (see also {@link FlowJson}):
 *
 * <ul>
 *   <li>{@code null}, {@code ""} and {@code "-"} are all absent; absent counters are 0.
 *   <li>{@code end_time} falls back to {@code @timestamp} (Elasticsearch sets it from {@code
 *       end_time}); {@code start_time} has no fallback and may be null.
 *   <li>{@code reporter} may join several values ({@code "dst, fwd"}); the list is in enum order.
 *   <li>Policy names are kept as written, {@code staged:} included; {@code staged} flags them.
 *   <li>{@code action} is required, and at least one endpoint must have an IP, a name or an
 *       aggregated name: otherwise the line is a {@code MISSING_FIELD} dead letter.
 *   <li>An unknown {@code *_type} or {@code action} value, a malformed policy string, or a value of
 *       the wrong JSON type is an {@code INVALID_FIELD} dead letter naming the field.
 *   <li>Unknown fields are skipped: Calico adds fields between releases.
 * </ul>
 *
 * <p>Thread-safe. Its only state is bounded caches of text it has seen (names, labels, policy
 * strings), which make repeated values free, and one reusable field reader per thread; one instance
 * per source is enough.
 */
public final class CalicoFlowLogDecoder implements Decoder<KernelFlow> {
    /** The source name of this decoder's dead letters. */
    public static final String SOURCE_NAME = "calico";

    private final FlowJson json = new FlowJson();
    private final ValueCache<List<PolicyHit>> policyHits =
            new ValueCache<>(1024, text -> List.of(PolicyStrings.parse(text)));
    private final ThreadLocal<CalicoFlowReader> readers =
            ThreadLocal.withInitial(() -> new CalicoFlowReader(json, policyHits));
    private final JsonRecords.ObjectReader<KernelFlow> read = parser -> readers.get().read(parser);

    @Override
    public Decoded<KernelFlow> decode(byte[] bytes, int offset, int length, long position) {
        return JsonRecords.decode(SOURCE_NAME, bytes, offset, length, position, read);
    }

    @Override
    public String sourceName() {
        return SOURCE_NAME;
    }
}
