package dev.tandem.ingest.inventory;

import dev.tandem.ingest.decode.DeadLetterReason;

/**
 * Thrown while one inventory item is read, when the item breaks a rule; the decoder catches it,
 * skips the item and keeps a dead letter for it. It only travels the failure path, so it carries no
 * stack trace.
 */
final class ItemRejected extends Exception {
    private static final long serialVersionUID = 1L;

    private final DeadLetterReason reason;

    ItemRejected(DeadLetterReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    DeadLetterReason reason() {
        return reason;
    }

    static ItemRejected invalid(String detail) {
        return new ItemRejected(DeadLetterReason.INVALID_FIELD, detail);
    }

    static ItemRejected missing(String path) {
        return new ItemRejected(DeadLetterReason.MISSING_FIELD, path + " is missing");
    }
}
