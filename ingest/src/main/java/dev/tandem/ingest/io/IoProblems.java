package dev.tandem.ingest.io;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * What went wrong with a file, in words for an error line. The JDK's file exceptions carry only the
 * path as their message ({@code AccessDeniedException: /data/out}), so "cannot write to /data/out:
 * /data/out" said where but not why.
 */
public final class IoProblems {
    private IoProblems() {}

    /**
     * The cause of {@code e}, with the path it concerns when that is not the one the caller names.
     */
    public static String describe(IOException e) {
        String what = cause(e);
        if (what == null) {
            return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        }
        String file = e instanceof FileSystemException f ? f.getFile() : null;
        return file == null ? what : what + " (" + file + ")";
    }

    private static String cause(IOException e) {
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
            return "a file is in the way";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "a folder is not empty";
        }
        // Other file system errors ("No space left on device", "Read-only file system") carry
        // their reason apart from the path.
        return e instanceof FileSystemException f ? f.getReason() : null;
    }
}
