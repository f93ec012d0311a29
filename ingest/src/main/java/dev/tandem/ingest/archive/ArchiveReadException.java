package dev.tandem.ingest.archive;

import java.nio.file.Path;

/** A file of the edge archive could not be read: truncated, corrupt, or not Tandem's schema. */
public final class ArchiveReadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    public ArchiveReadException(Path file, String detail, Throwable cause) {
        super("cannot read edge archive file " + file + ": " + detail, cause);
        this.file = file;
    }

    /** The file that failed. */
    public Path file() {
        return file;
    }
}
