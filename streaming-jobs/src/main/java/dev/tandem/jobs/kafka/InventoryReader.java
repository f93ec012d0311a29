package dev.tandem.jobs.kafka;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.decode.Decoded;
import dev.tandem.ingest.inventory.InventoryItem;
import dev.tandem.ingest.inventory.InventoryMessage;
import dev.tandem.ingest.inventory.InventorySerde;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.jobs.correlate.DeadLetterCounters;
import dev.tandem.jobs.correlate.ModelTypes;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Reads {@code tandem.inventory} messages ({@code docs/inventory-topic.md}) into the pod records
 * the endpoint resolver needs. Services and namespaces are skipped (the resolver maps IPs to pods
 * only). Tombstones are skipped too: the pod's final record, published just before, already closed
 * its IP interval, and the resolver must keep that interval for late logs. A message that breaks
 * the format goes to {@link #DEAD_LETTERS}.
 */
public final class InventoryReader extends ProcessFunction<KafkaRecordBytes, PodRecord> {
    private static final long serialVersionUID = 1L;

    /** Stable operator id, for savepoints. */
    public static final String UID = "inventory-reader";

    /** Messages that are not inventory records. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("inventory-dead-letters", ModelTypes.DEAD_LETTER) {};

    private transient DeadLetterCounters deadLetters;

    @Override
    public void open(OpenContext openContext) {
        deadLetters = DeadLetterCounters.register(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(KafkaRecordBytes record, Context ctx, Collector<PodRecord> out) {
        Decoded<InventoryMessage> decoded =
                InventorySerde.deserialize(
                        record.key(), record.value(), record.source(), record.offset());
        if (!decoded.isOk()) {
            ctx.output(DEAD_LETTERS, deadLetters.count(decoded.deadLetter()));
            return;
        }
        if (decoded.value().item() instanceof InventoryItem.Pod pod) {
            out.collect(pod.record());
        }
    }
}
