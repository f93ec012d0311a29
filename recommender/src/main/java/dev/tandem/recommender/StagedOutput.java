package dev.tandem.recommender;

import dev.tandem.ingest.io.FileTrees;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The files of one run, written into a staging folder inside the output folder and put in place
 * only when every one of them is written. A run that fails on the way (a full disk, a folder it may
 * not write, a kill) leaves the previous run's policies and report whole, instead of new policies
 * for some layers beside an old report that describes others. Putting them in place is renames
 * within one folder, which do not run out of space.
 *
 * <p>The staging folder is created when the run starts, so an output folder that cannot be written
 * fails the run before it reads the archive. A run that fails removes it ({@link #discard}); one
 * left by a killed run is removed by the next.
 */
final class StagedOutput {
    static final String STAGING = ".tandem-recommend-staging";

    private final Path out;
    private final Path staging;
    private final List<Path> written = new ArrayList<>();

    private StagedOutput(Path out, Path staging) {
        this.out = out;
        this.staging = staging;
    }

    /** Creates {@code out} when missing and an empty staging folder in it. */
    static StagedOutput in(Path out) throws IOException {
        Files.createDirectories(out);
        Path staging = out.resolve(STAGING);
        FileTrees.delete(staging);
        Files.createDirectory(staging);
        return new StagedOutput(out, staging);
    }

    void write(String relative, String content) throws IOException {
        Files.writeString(stage(relative), content, StandardCharsets.UTF_8);
    }

    Writer newWriter(String relative) throws IOException {
        return Files.newBufferedWriter(stage(relative), StandardCharsets.UTF_8);
    }

    /**
     * Moves every staged file to its place, removes the other YAML files of {@code clearedFolders}
     * (policies of namespaces that no longer have any must not linger for {@code kubectl apply}),
     * and removes the staging folder. Every folder it changes is created and checked first, so that
     * a folder it may not write fails the run before any file of the previous run is touched.
     *
     * @return the files written, relative to the output folder, sorted
     */
    List<Path> commit(List<String> clearedFolders) throws IOException {
        Set<Path> folders = new TreeSet<>();
        for (Path relative : written) {
            folders.add(out.resolve(relative.toString()).getParent());
        }
        for (String folder : clearedFolders) {
            if (Files.isDirectory(out.resolve(folder))) {
                folders.add(out.resolve(folder));
            }
        }
        for (Path folder : folders) {
            Files.createDirectories(folder);
            if (!Files.isWritable(folder)) {
                throw new AccessDeniedException(folder.toString());
            }
        }
        Set<Path> targets = new HashSet<>();
        for (Path relative : written) {
            Path target = out.resolve(relative.toString());
            move(staging.resolve(relative.toString()), target);
            targets.add(target);
        }
        for (String folder : clearedFolders) {
            deleteYamlExcept(out.resolve(folder), targets);
        }
        discard();
        List<Path> sorted = new ArrayList<>(written);
        sorted.sort(null);
        return List.copyOf(sorted);
    }

    /** Removes the staging folder and what is in it; the output folder keeps the previous run's. */
    void discard() throws IOException {
        FileTrees.delete(staging);
    }

    private Path stage(String relative) throws IOException {
        Path file = staging.resolve(relative);
        Files.createDirectories(file.getParent());
        written.add(Path.of(relative));
        return file;
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(
                    from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteYamlExcept(Path folder, Set<Path> keep) throws IOException {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*.yaml")) {
            for (Path file : files) {
                if (!keep.contains(file)) {
                    Files.delete(file);
                }
            }
        }
    }
}
