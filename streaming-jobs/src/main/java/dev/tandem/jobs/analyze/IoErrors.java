package dev.tandem.jobs.analyze;

import java.io.IOException;
import java.util.Optional;

/**
 * Finds the file error under a failed job's layers of exceptions; {@link
 * dev.tandem.ingest.io.IoProblems} says what it means.
 */
final class IoErrors {
    private IoErrors() {}

    /**
     * The innermost {@link IOException} in a chain of causes: a Flink job that failed to write
     * reports it under layers of "job execution failed", and the innermost one says what went wrong
     * (the outer ones are Flink's own, such as "failed to fetch job execution result").
     */
    static Optional<IOException> innermost(Throwable failure) {
        IOException found = null;
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException io) {
                found = io;
            }
        }
        return Optional.ofNullable(found);
    }
}
