package dev.tandem.ingest.inventory;

import java.io.IOException;

/**
 * A document passed one of the decoder's limits (bytes, items) while it was read. It is an {@link
 * IOException} so that it can leave the input stream through Jackson; the decoder turns it into a
 * {@link dev.tandem.ingest.decode.DeadLetterReason#TOO_LARGE} dead letter.
 */
final class LimitExceeded extends IOException {
    private static final long serialVersionUID = 1L;

    LimitExceeded(String message) {
        super(message);
    }
}
