package dev.tandem.jobs.correlate;

import dev.tandem.ingest.model.Evidence;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs an {@link EvidenceDecoder} as Flink's process operator does, and at the end of a bounded
 * input (the files of {@code tandem analyze}, a drained savepoint) reports the CRI records still
 * waiting for their last piece, one dead letter each: {@code tandem decode} does the same at the
 * end of a file, and a {@code ProcessFunction} alone has no end-of-input hook.
 */
public final class EvidenceDecoderOperator extends ProcessOperator<RawLine, Evidence>
        implements BoundedOneInput {
    private static final long serialVersionUID = 1L;

    public EvidenceDecoderOperator(EvidenceDecoder decoder) {
        super(decoder);
    }

    @Override
    public void endInput() {
        ((EvidenceDecoder) userFunction)
                .finish(
                        record -> output.collect(new StreamRecord<>(record)),
                        deadLetter ->
                                output.collect(
                                        EvidenceDecoder.DEAD_LETTERS,
                                        new StreamRecord<>(deadLetter)));
    }
}
