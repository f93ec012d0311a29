package dev.tandem.ingest.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

/**
 * What went wrong with a file, in words for an error line. The JDK's file exceptions carry only the
 * path as their message ({@code AccessDeniedException: /data/out}), so "cannot write to /data/out:
 * /data/out" said where but not why.
 */
public final class IoProblems {
    private IoProblems() {}

    /** The cause of {@code e}, then the path it concerns: {@code permission denied (/data/out)}. */
    public static String describe(IOException e) {
        String file = e instanceof FileSystemException f ? f.getFile() : null;
        return file == null ? cause(e) : cause(e) + " (" + file + ")";
    }

    /**
     * The cause alone, for a caller that names the path itself: {@code permission denied}, {@code
     * no space left on device}.
     */
    public static String cause(IOException e) {
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
        // Other file system errors ("No space left on device", "Read-only file system") carry
        // their reason apart from the path.
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return lowerFirst(f.getReason());
        }
        String message = e.getMessage();
        return message == null || message.isBlank()
                ? e.getClass().getSimpleName()
                : lowerFirst(firstLine(message));
    }

    /** The first line of {@code text}, stripped. */
    public static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }

    private static String lowerFirst(String text) {
        return text.isEmpty()
                ? text
                : text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
    }
}
