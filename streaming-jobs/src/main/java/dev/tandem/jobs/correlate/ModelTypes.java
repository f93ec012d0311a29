package dev.tandem.jobs.correlate;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.jobs.correlate.serialization.HandWrittenTypeInfo;
import dev.tandem.jobs.correlate.serialization.ModelTypeInfo;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Flink type information for the records between the job's operators and in its state: Kryo, set up
 * for the canonical records, except for the two records that cross the job's {@code keyBy}s ({@link
 * Evidence} and {@link EdgeEvidence}), which have their own serializers. Declared explicitly so
 * that Flink does not analyse nested records field by field.
 */
public final class ModelTypes {
    public static final TypeInformation<DeadLetter> DEAD_LETTER =
            new ModelTypeInfo<>(DeadLetter.class);

    /** Written field by field: the record that crosses the {@code keyBy} into the resolver. */
    public static final TypeInformation<Evidence> EVIDENCE = HandWrittenTypeInfo.EVIDENCE;

    /** Written field by field: the record that crosses the {@code keyBy(edge)}. */
    public static final TypeInformation<EdgeEvidence> EDGE_EVIDENCE =
            HandWrittenTypeInfo.EDGE_EVIDENCE;

    public static final TypeInformation<EdgeWindow> EDGE_WINDOW =
            new ModelTypeInfo<>(EdgeWindow.class);
    public static final TypeInformation<PodRecord> POD = new ModelTypeInfo<>(PodRecord.class);
    public static final TypeInformation<RawLine> RAW_LINE = new ModelTypeInfo<>(RawLine.class);

    @SuppressWarnings({"unchecked", "rawtypes"})
    static final TypeInformation<List<PodRecord>> POD_HISTORY = new ModelTypeInfo(List.class);

    @SuppressWarnings({"unchecked", "rawtypes"})
    static final TypeInformation<List<Evidence>> EVIDENCE_LIST = new ModelTypeInfo(List.class);

    static final TypeInformation<WindowAccumulator> WINDOW_ACCUMULATOR =
            HandWrittenTypeInfo.of(WindowAccumulator.class, new WindowAccumulatorSerializer());

    private ModelTypes() {}
}
