package dev.tandem.ingest.decode;

/**
 * Why an input was dead-lettered, as a small fixed set so that metrics can count by reason. The
 * dead letter's detail says the rest in words.
 */
public enum DeadLetterReason {
    /** Longer than the decoder's size cap; never parsed. */
    TOO_LARGE,
    /** Blank, or nothing but whitespace. */
    EMPTY,
    /** Not valid UTF-8. */
    BAD_ENCODING,
    /** Not well-formed JSON (truncated, bad syntax, nested too deep). */
    MALFORMED_JSON,
    /** Well-formed, but a field has the wrong type or an impossible value. */
    INVALID_FIELD,
    /** A field the record cannot do without is missing. */
    MISSING_FIELD,
    /** A text line that does not have the layout the decoder expects. */
    MALFORMED_TEXT,
    /** A format Tandem recognises but does not read (older Istio layouts, ztunnel, syslog). */
    UNSUPPORTED_FORMAT,
    /** Fits none of the formats Tandem reads. */
    UNKNOWN_FORMAT,
    /**
     * Read fine, but the destination it was sent to refused it for good (a chat webhook's final 4xx
     * answer); the detail holds the status and the start of the answer. Last in the list: Flink's
     * Kryo fallback writes enums by position, so new reasons go at the end.
     */
    REJECTED_BY_DESTINATION
}
