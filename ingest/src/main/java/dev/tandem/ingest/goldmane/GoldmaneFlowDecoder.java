package dev.tandem.ingest.goldmane;

import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.decode.Decoder;
import dev.tandem.ingest.decode.FlowJson;
import dev.tandem.ingest.decode.JsonRecords;
import dev.tandem.ingest.model.KernelFlow;

/**
 * Decodes one Calico open-source Goldmane flow (Calico 3.30+): the JSON of the protobuf {@code
 * Flow} message from {@code goldmane/proto/api.proto}, one per line as Goldmane's emitter POSTs
 * them, into a {@link KernelFlow} with origin {@code GOLDMANE}.
 *
 * <p>Accepted spellings, since Goldmane JSON is produced by more than one marshaller:
 *
 * <ul>
 *   <li>field names as in the proto ({@code num_connections_started}, Go's {@code encoding/json} as
 *       the emitter uses it) or lowerCamelCase ({@code numConnectionsStarted}, protojson); the key
 *       as {@code Key} or {@code key}; a {@code FlowResult}/{@code FlowUpdate} wrapper ({@code
 *       {"flow":{...}}}) is unwrapped;
 *   <li>enums as numbers or names ({@code 1}, {@code Allow}, {@code ACTION_ALLOW});
 *   <li>int64 as JSON numbers or strings ({@code "1700000000"}).
 * </ul>
 *
 * <p>Goldmane carries no IPs and no pod names: each endpoint's name (an aggregated name such as
 * {@code checkoutservice-598d5b586d-*}) becomes its {@code nameAggregate}. Structured policy hits
 * are named the way Calico's policy strings name them, so both sources compare equal. {@code
 * action} is required and at least one endpoint must have a name ({@code MISSING_FIELD}).
 *
 * <p>Thread-safe. Its only state is bounded caches of text it has seen, which make repeated values
 * free; one instance per source is enough.
 */
public final class GoldmaneFlowDecoder implements Decoder<KernelFlow> {
    /** The source name of this decoder's dead letters. */
    public static final String SOURCE_NAME = "goldmane";

    private final FlowJson json = new FlowJson();
    private final GoldmaneEnums enums = new GoldmaneEnums();
    private final GoldmanePolicyReader policyReader = new GoldmanePolicyReader(json, enums);

    @Override
    public Decoded<KernelFlow> decode(byte[] bytes, int offset, int length, long position) {
        return JsonRecords.decode(
                SOURCE_NAME,
                bytes,
                offset,
                length,
                position,
                parser -> new GoldmaneFlowReader(json, enums, policyReader).read(parser));
    }

    @Override
    public String sourceName() {
        return SOURCE_NAME;
    }
}
