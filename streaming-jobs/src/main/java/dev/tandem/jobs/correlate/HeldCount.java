package dev.tandem.jobs.correlate;

import java.util.List;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;

/**
 * How many entries an operator's keyed state holds, kept as a number that changes when state is
 * added or cleared (counting keyed state would mean iterating it). The number is checkpointed as
 * operator list state, so it survives a restore; when the job is restored with another parallelism
 * the numbers are dealt to the new subtasks round-robin while the keys move by key group, so a
 * single subtask's value is then off but the sum over all subtasks stays exact.
 */
final class HeldCount {
    private final ListState<Long> checkpointed;
    private long value;

    private HeldCount(ListState<Long> checkpointed, long value) {
        this.checkpointed = checkpointed;
        this.value = value;
    }

    /** The count named {@code name}, restored from the last checkpoint when there is one. */
    static HeldCount restore(FunctionInitializationContext context, String name) throws Exception {
        ListState<Long> state =
                context.getOperatorStateStore()
                        .getListState(new ListStateDescriptor<>(name, Types.LONG));
        long sum = 0;
        if (context.isRestored()) {
            for (Long part : state.get()) {
                sum += part;
            }
        }
        return new HeldCount(state, sum);
    }

    void add(long delta) {
        value += delta;
    }

    long value() {
        return value;
    }

    void snapshot() throws Exception {
        checkpointed.update(List.of(value));
    }
}
