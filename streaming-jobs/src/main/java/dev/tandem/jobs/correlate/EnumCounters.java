package dev.tandem.jobs.correlate;

import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * One counter per constant of an enum (dead-letter reasons, verdicts), all registered up front so
 * that a reason that never happened reads 0 instead of being absent: a dashboard can tell "none"
 * from "not reported".
 */
public final class EnumCounters<E extends Enum<E>> {
    private final Map<E, Counter> counters;

    private EnumCounters(Map<E, Counter> counters) {
        this.counters = counters;
    }

    /**
     * Registers {@code tandem.<dimension>.<CONSTANT>.<name>} for every constant of {@code type} in
     * the operator's metric group.
     */
    public static <E extends Enum<E>> EnumCounters<E> register(
            MetricGroup operator, Class<E> type, String dimension, String name) {
        Map<E, Counter> counters = new EnumMap<>(type);
        MetricGroup group = TandemMetrics.group(operator);
        for (E constant : type.getEnumConstants()) {
            counters.put(constant, group.addGroup(dimension, constant.name()).counter(name));
        }
        return new EnumCounters<>(counters);
    }

    public void inc(E constant) {
        counters.get(constant).inc();
    }
}
