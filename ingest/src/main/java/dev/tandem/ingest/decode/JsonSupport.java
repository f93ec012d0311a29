package dev.tandem.ingest.decode;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;

/**
 * The one Jackson factory every decoder parses with, configured for hostile input: bounded nesting,
 * bounded strings and numbers, and duplicate keys tolerated (last one wins, as in Go's encoder).
 */
public final class JsonSupport {
    private static final JsonFactory FACTORY =
            JsonFactory.builder()
                    .streamReadConstraints(
                            StreamReadConstraints.builder()
                                    .maxNestingDepth(DecoderLimits.MAX_JSON_DEPTH)
                                    .maxStringLength(DecoderLimits.MAX_RECORD_BYTES)
                                    .maxNumberLength(64)
                                    .build())
                    .build();

    private JsonSupport() {}

    /** The shared factory. Thread-safe. */
    public static JsonFactory factory() {
        return FACTORY;
    }
}
