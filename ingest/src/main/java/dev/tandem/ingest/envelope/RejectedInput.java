package dev.tandem.ingest.envelope;

import dev.tandem.ingest.decode.DeadLetterReason;

/**
 * Thrown inside a decoder when its input breaks a rule, and caught at the decoder's boundary where
 * it becomes a dead letter. It only travels the failure path, so it carries no stack trace.
 */
final class RejectedInput extends Exception {
    private static final long serialVersionUID = 1L;

    private final DeadLetterReason reason;

    RejectedInput(DeadLetterReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    DeadLetterReason reason() {
        return reason;
    }
}
