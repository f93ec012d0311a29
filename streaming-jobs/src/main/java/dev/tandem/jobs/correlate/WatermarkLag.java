package dev.tandem.jobs.correlate;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.metrics.Gauge;

/**
 * Bounded out-of-orderness watermarks that also report how far event time trails the wall clock
 * ({@value TandemMetrics#WATERMARK_LAG}): a source whose lag keeps growing is late or stuck, and
 * windows wait for it. Before the first watermark the gauge reads -1 (no event time yet).
 */
final class WatermarkLag<T> implements WatermarkGenerator<T> {
    static final long NO_WATERMARK = -1L;

    private final WatermarkGenerator<T> generator;
    private final Recording output = new Recording();

    private WatermarkLag(WatermarkGenerator<T> generator) {
        this.generator = generator;
    }

    /**
     * The generator, its gauge registered in the watermark operator's group under {@code source}.
     */
    static <T> WatermarkGeneratorSupplier<T> supplier(Duration outOfOrderness, String source) {
        return ctx -> {
            WatermarkLag<T> lag =
                    new WatermarkLag<>(new BoundedOutOfOrdernessWatermarks<>(outOfOrderness));
            TandemMetrics.group(ctx.getMetricGroup())
                    .addGroup(TandemMetrics.SOURCE, source)
                    .gauge(TandemMetrics.WATERMARK_LAG, (Gauge<Long>) lag::lagMillis);
            return lag;
        };
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput out) {
        generator.onEvent(event, eventTimestamp, output.to(out));
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput out) {
        generator.onPeriodicEmit(output.to(out));
    }

    long lagMillis() {
        long watermark = output.last;
        if (watermark == Long.MIN_VALUE) {
            return NO_WATERMARK;
        }
        return Math.max(0L, System.currentTimeMillis() - watermark);
    }

    /** Passes watermarks on and remembers the last one; read by the metric reporter's thread. */
    private static final class Recording implements WatermarkOutput {
        private volatile long last = Long.MIN_VALUE;
        private WatermarkOutput out;

        Recording to(WatermarkOutput out) {
            this.out = out;
            return this;
        }

        @Override
        public void emitWatermark(Watermark watermark) {
            if (watermark.getTimestamp() > last) {
                last = watermark.getTimestamp();
            }
            out.emitWatermark(watermark);
        }

        @Override
        public void markIdle() {
            out.markIdle();
        }

        @Override
        public void markActive() {
            out.markActive();
        }
    }
}
