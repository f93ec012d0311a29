package dev.tandem.cli;

import dev.tandem.ingest.io.IoProblems;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A folder a long-running command writes into, checked (and created) before it starts: otherwise
 * the mistake surfaces minutes later, deep inside Flink, as a stack trace.
 */
final class WritableFolder {
    private WritableFolder() {}

    /**
     * Creates {@code folder} when missing and checks that it is a folder this process can write.
     *
     * @param option the option that named it, for the message
     * @throws UserError naming the option, the folder and what is wrong
     */
    static void require(String option, Path folder) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new UserError(option + " " + folder + " is a file, not a folder");
        }
        try {
            Files.createDirectories(folder);
        } catch (FileAlreadyExistsException e) {
            // A file (or a link to one) where a parent folder should be.
            throw new UserError(
                    "cannot use " + option + " " + folder + ": " + e.getFile() + " is a file", e);
        } catch (IOException e) {
            throw new UserError(
                    "cannot use " + option + " " + folder + ": " + IoProblems.cause(e), e);
        }
        if (!Files.isWritable(folder)) {
            throw new UserError(
                    "cannot use " + option + " " + folder + ": permission denied to write in it");
        }
    }
}
