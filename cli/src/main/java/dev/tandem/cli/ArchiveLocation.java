package dev.tandem.cli;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.UnsupportedFileSystemSchemeException;

/**
 * {@code correlate --archive}, checked before the job starts. Flink's file sink only finds out that
 * it cannot write there when the job starts ("Could not create committable serializer"), or, for a
 * file where the folder should be, at the first checkpoint.
 */
final class ArchiveLocation {
    private ArchiveLocation() {}

    /**
     * @param archive a folder, or a URI of a file system Flink has on the class path (in this
     *     build: only {@code file://}; the local cluster loads no file system plugins)
     * @throws UserError naming the archive and what is wrong
     */
    static void require(String archive) {
        URI uri;
        try {
            uri = new org.apache.flink.core.fs.Path(archive).toUri();
        } catch (IllegalArgumentException e) {
            throw new UserError("invalid --archive '" + archive + "': " + e.getMessage(), e);
        }
        try {
            // The same lookup the file sink makes, so what passes here is what the sink can use.
            if (FileSystem.get(uri).isDistributedFS()) {
                return;
            }
        } catch (UnsupportedFileSystemSchemeException e) {
            throw new UserError(
                    "--archive "
                            + archive
                            + ": no file system for the scheme '"
                            + uri.getScheme()
                            + "' in this build; give a local folder or a file:// URI",
                    e);
        } catch (IOException e) {
            throw new UserError("cannot use --archive " + archive + ": " + e.getMessage(), e);
        }
        WritableFolder.require("--archive", localPath(archive, uri));
    }

    private static Path localPath(String archive, URI uri) {
        try {
            return uri.getScheme() == null ? Path.of(archive) : Path.of(uri);
        } catch (IllegalArgumentException e) {
            // Such as file://host/folder: a local path has no host.
            throw new UserError("invalid --archive '" + archive + "': " + e.getMessage(), e);
        }
    }
}
