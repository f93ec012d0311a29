package dev.tandem.jobs.correlate;

import dev.tandem.ingest.model.PodRecord;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * The inventory never holds event time back: it is state, not events in a window. It says so by
 * being idle for good, so that the resolver's watermark is the evidence's alone.
 *
 * <p>Not by a watermark at the end of time: a two-input operator leaves an idle input out of its
 * watermark, so when the logs pause long enough for their inputs to go idle, the inventory's end of
 * time would become the resolver's watermark, judge every open window at once and make all later
 * evidence late for good. Idle on both inputs, the resolver is idle and waits for the logs.
 */
final class InventoryWatermarks implements WatermarkGenerator<PodRecord> {
    @Override
    public void onEvent(PodRecord pod, long eventTimestamp, WatermarkOutput output) {}

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.markIdle();
    }
}
