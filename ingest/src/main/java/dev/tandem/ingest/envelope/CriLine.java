package dev.tandem.ingest.envelope;

import java.time.Instant;

/**
 * One container-runtime log line, split into its header and the position of its text in the
 * caller's buffer (nothing is copied until the text becomes an {@link Envelope}).
 *
 * @param loggedAt the runtime's timestamp
 * @param stream {@code stdout} or {@code stderr}
 * @param partial true for a {@code P} line: the text continues in the next line of its stream
 * @param textFrom where the text starts in the buffer
 * @param textTo where it ends (exclusive), without the line terminator
 */
record CriLine(Instant loggedAt, String stream, boolean partial, int textFrom, int textTo) {
    static final String STDOUT = "stdout";
    static final String STDERR = "stderr";

    int textLength() {
        return textTo - textFrom;
    }
}
