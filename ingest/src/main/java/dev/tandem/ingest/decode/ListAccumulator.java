package dev.tandem.ingest.decode;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the entries of one JSON list into an immutable list, bounded by {@link
 * DecoderLimits#MAX_LIST_ENTRIES}. Most lists in a flow record hold one or two entries; those are
 * kept in fields and returned as {@code List.of(...)}, which the model records then keep without
 * copying, so the common case allocates no array at all.
 */
public final class ListAccumulator<T> {
    private final String field;
    private T first;
    private T second;
    private ArrayList<T> more;
    private int size;

    /** An empty accumulator for the list in {@code field} (named when the bound is exceeded). */
    public ListAccumulator(String field) {
        this.field = field;
    }

    /** Adds one entry. */
    public void add(T entry) {
        if (size == 0) {
            first = entry;
        } else if (size == 1) {
            second = entry;
        } else {
            if (size >= DecoderLimits.MAX_LIST_ENTRIES) {
                throw FlowFieldException.invalid(
                        field, "more than " + DecoderLimits.MAX_LIST_ENTRIES + " entries");
            }
            if (more == null) {
                more = new ArrayList<>(8);
                more.add(first);
                more.add(second);
            }
            more.add(entry);
        }
        size++;
    }

    /** The entries in the order added, immutable. */
    public List<T> toList() {
        switch (size) {
            case 0:
                return List.of();
            case 1:
                return List.of(first);
            case 2:
                return List.of(first, second);
            default:
                return List.copyOf(more);
        }
    }
}
