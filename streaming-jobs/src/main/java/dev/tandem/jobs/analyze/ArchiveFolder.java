package dev.tandem.jobs.analyze;

import dev.tandem.ingest.io.IoProblems;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Decides whether the {@code edges/} folder of an earlier {@code analyze} run may be replaced. The
 * new archive is written beside it and swapped in, never added to it: Flink's part files have fresh
 * names each run, so adding would archive every window twice. Only a folder that looks like an
 * archive (nothing but {@code day=} partitions) is replaced; anything else there is the user's and
 * stops the run before it starts.
 */
final class ArchiveFolder {
    private ArchiveFolder() {}

    static void checkReplaceable(Path archive) throws AnalyzeException {
        if (!Files.exists(archive)) {
            return;
        }
        if (!Files.isDirectory(archive)) {
            throw new AnalyzeException(
                    "cannot replace the archive " + archive + ": it is a file, not a folder");
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(archive)) {
            for (Path entry : entries) {
                if (!entry.getFileName().toString().startsWith("day=")
                        || !Files.isDirectory(entry)) {
                    throw new AnalyzeException(
                            "cannot replace the archive "
                                    + archive
                                    + ": it holds "
                                    + entry.getFileName()
                                    + ", which is not an archive partition");
                }
            }
        } catch (IOException e) {
            throw new AnalyzeException(
                    "cannot read the archive " + archive + ": " + IoProblems.cause(e), e);
        }
    }
}
