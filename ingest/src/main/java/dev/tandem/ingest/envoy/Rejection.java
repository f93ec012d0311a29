package dev.tandem.ingest.envoy;

import dev.tandem.ingest.decode.DeadLetterReason;

/**
 * Why a line cannot become a {@code ProxyRequest}, raised deep inside field parsing and turned into
 * a dead letter at the decoder's boundary. Only bad input takes this path, never a good line; it
 * carries no stack trace because the detail already says everything a person needs.
 */
final class Rejection extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final DeadLetterReason reason;

    Rejection(DeadLetterReason reason, String detail) {
        super(detail, null, false, false);
        this.reason = reason;
    }

    DeadLetterReason reason() {
        return reason;
    }
}
