package dev.tandem.jobs.correlate;

import dev.tandem.ingest.decode.DeadLetter;
import dev.tandem.ingest.model.EdgeWindow;
import dev.tandem.ingest.model.Evidence;
import dev.tandem.ingest.model.PodRecord;
import dev.tandem.jobs.correlate.serialization.EdgeEvidenceTypeInfo;
import dev.tandem.jobs.correlate.serialization.ModelTypeInfo;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Flink type information for the records between the job's operators and in its state: Kryo, set up
 * for the canonical records, except for {@link EdgeEvidence}, which has its own serializer.
 * Declared explicitly so that Flink does not analyse nested records field by field.
 */
public final class ModelTypes {
    public static final TypeInformation<DeadLetter> DEAD_LETTER =
            new ModelTypeInfo<>(DeadLetter.class);
    public static final TypeInformation<Evidence> EVIDENCE = new ModelTypeInfo<>(Evidence.class);

    /** Written field by field: the record that crosses the {@code keyBy(edge)}. */
    public static final TypeInformation<EdgeEvidence> EDGE_EVIDENCE = new EdgeEvidenceTypeInfo();

    public static final TypeInformation<EdgeWindow> EDGE_WINDOW =
            new ModelTypeInfo<>(EdgeWindow.class);
    public static final TypeInformation<PodRecord> POD = new ModelTypeInfo<>(PodRecord.class);
    public static final TypeInformation<RawLine> RAW_LINE = new ModelTypeInfo<>(RawLine.class);

    @SuppressWarnings({"unchecked", "rawtypes"})
    static final TypeInformation<List<PodRecord>> POD_HISTORY = new ModelTypeInfo(List.class);

    @SuppressWarnings({"unchecked", "rawtypes"})
    static final TypeInformation<List<Evidence>> EVIDENCE_LIST = new ModelTypeInfo(List.class);

    static final TypeInformation<WindowAccumulator> WINDOW_ACCUMULATOR =
            new ModelTypeInfo<>(WindowAccumulator.class);

    private ModelTypes() {}
}
