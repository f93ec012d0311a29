package dev.tandem.jobs.correlate;

import dev.tandem.ingest.model.PodRecord;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * The inventory never holds event time back: it is state, not events in a window. Its watermark is
 * always the end of time, so the resolver's watermark is the evidence's alone.
 */
final class InventoryWatermarks implements WatermarkGenerator<PodRecord> {
    @Override
    public void onEvent(PodRecord pod, long eventTimestamp, WatermarkOutput output) {}

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.emitWatermark(new Watermark(Long.MAX_VALUE));
    }
}
