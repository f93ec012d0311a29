package dev.tandem.jobs.analyze;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.Optional;

/**
 * Says why a file operation failed in words a user reads. The JDK puts the path alone in the
 * message of most file system exceptions ({@code AccessDeniedException: /out/summary.json}), which
 * printed as it is names the file and hides the cause.
 */
final class IoErrors {
    private IoErrors() {}

    /** The cause alone, without the path: {@code permission denied}, {@code no space left...}. */
    static String describe(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "it already exists";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "the folder is not empty";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return lowerFirst(fs.getReason());
        }
        String message = e.getMessage();
        return message == null || message.isBlank()
                ? e.getClass().getSimpleName()
                : lowerFirst(firstLine(message));
    }

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

    static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }

    private static String lowerFirst(String text) {
        return text.isEmpty()
                ? text
                : text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
    }
}
